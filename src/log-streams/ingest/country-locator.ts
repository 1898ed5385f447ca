import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CountryResponse, open, Reader, validate } from 'maxmind';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';

/**
 * The country of an IP address from a MaxMind GeoLite2/GeoIP2 database, when one is configured
 * (`logStreams.geoIpDatabase`). Auth0 usually sends the country itself (`location_info`); this fills
 * the gap for events that lack it.
 */
@Injectable()
export class CountryLocator implements OnModuleInit {
  private readonly logger = new Logger(CountryLocator.name);
  private reader: Reader<CountryResponse> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const path = this.config.service.logStreams.geoIpDatabase;
    if (!path) return;
    this.reader = await open<CountryResponse>(path, { watchForUpdates: false });
    this.logger.log(`GeoIP database ${path} loaded`);
  }

  get enabled(): boolean {
    return this.reader !== null;
  }

  countryOf(ip: string): string | null {
    if (!this.reader || !validate(ip)) return null;
    return this.reader.get(ip)?.country?.iso_code ?? null;
  }
}
