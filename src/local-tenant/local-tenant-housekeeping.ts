import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AuthorizationCodes } from './authorization/authorization-codes';
import { BruteForceProtection } from './brute-force/brute-force-protection';
import { RefreshTokens } from './refresh-tokens/refresh-tokens';

const INTERVAL_MS = 10 * 60_000;

/** Deletes expired authorization codes, refresh token families and login failure counts every few minutes. */
@Injectable()
export class LocalTenantHousekeeping implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LocalTenantHousekeeping.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly codes: AuthorizationCodes,
    private readonly refreshTokens: RefreshTokens,
    private readonly bruteForce: BruteForceProtection,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run().catch((error: unknown) => this.logger.warn({ err: error }, 'local tenant housekeeping failed')), INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One pass; every replica may run it, the deletes are idempotent. */
  async run(now = new Date()): Promise<{ codes: number; refreshTokens: number; loginFailures: number }> {
    return {
      codes: await this.codes.purgeExpired(now),
      refreshTokens: await this.refreshTokens.purgeExpired(now),
      loginFailures: await this.bruteForce.purgeExpired(now),
    };
  }
}
