import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service';
import type { LocalAuthorizationCode } from '../../generated/prisma/client';
import { IdentityError } from '../../identity/identity.error';
import { newOpaqueToken, opaqueTokenHash } from '../common/opaque-token';

/** How long an authorization code can be exchanged. */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 300;

export const invalidCode = () => new IdentityError(403, 'invalid_grant', 'Invalid authorization code');

export interface NewAuthorizationCode {
  clientId: string;
  redirectUri: string;
  userId: string;
  connection: string;
  scope: string;
  audience?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256';
}

/** Single-use authorization codes (stored as SHA-256), valid for a few minutes. */
@Injectable()
export class AuthorizationCodes {
  constructor(private readonly prisma: PrismaService) {}

  async issue(input: NewAuthorizationCode): Promise<string> {
    const code = newOpaqueToken();
    await this.prisma.localAuthorizationCode.create({
      data: { ...input, codeHash: opaqueTokenHash(code), expiresAt: new Date(Date.now() + AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000) },
    });
    return code;
  }

  /**
   * Marks a code used and returns it. A code presented a second time fails and revokes the refresh
   * tokens issued for it (the first exchange may have been an attacker's).
   */
  async redeem(code: string): Promise<LocalAuthorizationCode> {
    const codeHash = opaqueTokenHash(code);
    const now = new Date();
    const [used] = await this.prisma.$queryRaw<Array<{ code_hash: string }>>`
      UPDATE local_authorization_codes SET used_at = ${now} WHERE code_hash = ${codeHash} AND used_at IS NULL AND expires_at > ${now} RETURNING code_hash`;
    const row = await this.prisma.localAuthorizationCode.findUnique({ where: { codeHash } });
    if (used && row) return row;
    if (row?.usedAt && row.refreshFamilyId) {
      await this.prisma.localRefreshToken.updateMany({ where: { familyId: row.refreshFamilyId, revokedAt: null }, data: { revokedAt: now } });
    }
    throw invalidCode();
  }

  /** Remembers the refresh token family issued for a code. */
  async linkRefreshFamily(codeHash: string, familyId: string): Promise<void> {
    await this.prisma.localAuthorizationCode.update({ where: { codeHash }, data: { refreshFamilyId: familyId } });
  }

  async purgeExpired(now = new Date()): Promise<number> {
    const { count } = await this.prisma.localAuthorizationCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 3_600_000) } } });
    return count;
  }
}
