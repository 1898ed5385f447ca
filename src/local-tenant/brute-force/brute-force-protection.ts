import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service';
import { LocalTenantSettings } from '../settings/local-tenant-settings';

/**
 * Auth0's brute-force protection for database logins: after `bruteForce.maxAttempts` (10)
 * consecutive failures for one account from one IP address, that IP may not log in to that
 * account until the user logs in successfully from elsewhere, an administrator lifts the block,
 * or `bruteForce.blockSeconds` pass. Failures for login names that match no user are counted the
 * same way, so that both cases cost the same and answer the same.
 */
@Injectable()
export class BruteForceProtection {
  constructor(
    private readonly prisma: PrismaService,
    private readonly settings: LocalTenantSettings,
  ) {}

  static userSubject(userId: string): string {
    return `user:${userId}`;
  }

  static unknownLoginSubject(connectionId: string, login: string): string {
    return `login:${connectionId}:${login.toLowerCase()}`;
  }

  private get policy() {
    return this.settings.tenant.bruteForce;
  }

  /** Whether this IP is blocked for this account now; a block older than `blockSeconds` is lifted. */
  async isBlocked(subject: string, ip: string): Promise<boolean> {
    const row = await this.prisma.localLoginFailure.findUnique({ where: { subject_ip: { subject, ip } }, select: { blockedAt: true } });
    if (!row?.blockedAt) return false;
    if (row.blockedAt.getTime() + this.policy.blockSeconds * 1000 > Date.now()) return true;
    await this.prisma.localLoginFailure.deleteMany({ where: { subject, ip, blockedAt: row.blockedAt } });
    return false;
  }

  /**
   * Counts one more consecutive failure. Returns true for the failure that reached the limit (the
   * block starts now; exactly one caller sees it, even with concurrent attempts).
   */
  async recordFailure(subject: string, ip: string): Promise<boolean> {
    // A failure long after the previous one starts a new run.
    const [{ count }] = await this.prisma.$queryRaw<Array<{ count: number }>>`
      INSERT INTO local_login_failures AS f (subject, ip, count, last_failure_at) VALUES (${subject}, ${ip}, 1, now())
      ON CONFLICT (subject, ip) DO UPDATE SET
        count = CASE WHEN f.blocked_at IS NULL AND f.last_failure_at < now() - make_interval(secs => ${this.policy.blockSeconds}) THEN 1 ELSE f.count + 1 END,
        last_failure_at = now()
      RETURNING f.count`;
    if (count < this.policy.maxAttempts) return false;
    const blocked = await this.prisma.localLoginFailure.updateMany({ where: { subject, ip, blockedAt: null }, data: { blockedAt: new Date() } });
    return blocked.count === 1;
  }

  /** A successful login or an administrator's unblock: every block and failure count of the account goes. */
  async clear(subject: string): Promise<number> {
    const { count } = await this.prisma.localLoginFailure.deleteMany({ where: { subject } });
    return count;
  }

  /** Deletes failure runs and blocks that have expired. */
  async purgeExpired(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.policy.blockSeconds * 1000);
    const { count } = await this.prisma.localLoginFailure.deleteMany({
      where: { lastFailureAt: { lt: cutoff }, OR: [{ blockedAt: null }, { blockedAt: { lt: cutoff } }] },
    });
    return count;
  }
}
