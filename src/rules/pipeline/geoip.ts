import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CityResponse, open, Reader } from 'maxmind';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';

/** `context.request.geoip` in the shape Auth0 rules see. */
export interface RulesGeoip {
  country_code?: string;
  country_code3?: string;
  country_name?: string;
  city_name?: string;
  latitude?: number;
  longitude?: number;
  time_zone?: string;
  continent_code?: string;
  subdivision_code?: string;
  subdivision_name?: string;
}

// ISO 3166 alpha-3 codes are not in MaxMind databases; the few rules that read country_code3 get it for these.
const ALPHA3: Record<string, string> = {
  US: 'USA', GB: 'GBR', DE: 'DEU', FR: 'FRA', IT: 'ITA', ES: 'ESP', NL: 'NLD', BE: 'BEL', CH: 'CHE', AT: 'AUT', SE: 'SWE', NO: 'NOR', DK: 'DNK',
  FI: 'FIN', IE: 'IRL', PT: 'PRT', PL: 'POL', CZ: 'CZE', CA: 'CAN', MX: 'MEX', BR: 'BRA', AR: 'ARG', AU: 'AUS', NZ: 'NZL', JP: 'JPN', CN: 'CHN',
  IN: 'IND', KR: 'KOR', RU: 'RUS', UA: 'UKR', ZA: 'ZAF', SG: 'SGP', IL: 'ISR', TR: 'TUR',
};

export function toRulesGeoip(record: CityResponse | null): RulesGeoip | undefined {
  if (!record) return undefined;
  const country = record.country ?? record.registered_country;
  const code = country?.iso_code;
  const subdivision = record.subdivisions?.[0];
  return {
    country_code: code,
    country_code3: code ? ALPHA3[code] : undefined,
    country_name: country?.names?.en,
    city_name: record.city?.names?.en,
    latitude: record.location?.latitude,
    longitude: record.location?.longitude,
    time_zone: record.location?.time_zone,
    continent_code: record.continent?.code,
    subdivision_code: subdivision?.iso_code,
    subdivision_name: subdivision?.names?.en,
  };
}

/** Looks IP addresses up in the configured MaxMind database (`rules.geoipDatabasePath`); without one, nothing. */
@Injectable()
export class GeoipLookup implements OnModuleInit {
  private readonly logger = new Logger(GeoipLookup.name);
  private reader: Reader<CityResponse> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const path = this.config.service.rules.geoipDatabasePath;
    if (!path) return;
    try {
      this.reader = await open<CityResponse>(path, { watchForUpdates: false });
    } catch (error) {
      throw new Error(`rules.geoipDatabasePath: cannot open ${path}: ${(error as Error).message}`);
    }
    this.logger.log(`geoip database ${path} loaded (${this.reader.metadata.databaseType})`);
  }

  lookup(ip: string | undefined): RulesGeoip | undefined {
    if (!this.reader || !ip) return undefined;
    try {
      return toRulesGeoip(this.reader.get(ip));
    } catch {
      return undefined; // not an IP address
    }
  }
}
