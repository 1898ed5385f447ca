import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PrismaService } from '../../database/prisma.service';
import type { LocalRefreshToken } from '../../generated/prisma/client';
import { IdentityError } from '../../identity/identity.error';
import { newOpaqueToken, opaqueTokenHash } from '../common/opaque-token';
import { LocalTenantSettings } from '../settings/local-tenant-settings';

export const invalidRefreshToken = () => new IdentityError(403, 'invalid_grant', 'Unknown or invalid refresh token.');

/** A rotated token was presented again: its family has been revoked. */
export class RefreshTokenReuseError extends IdentityError {
  constructor(
    readonly token: LocalRefreshToken,
    readonly latestCounter: number,
  ) {
    super(403, 'invalid_grant', 'Unknown or invalid refresh token.');
  }
}

export interface NewRefreshToken {
  userId: string;
  clientId: string;
  scope: string;
  audience?: string;
}

/**
 * Opaque refresh tokens with rotation and reuse detection. Only the SHA-256 of a token is stored.
 * Exchanging a token retires it and issues the next one of its family (same absolute expiry);
 * presenting a retired token again revokes the family, as Auth0's rotation does.
 */
@Injectable()
export class RefreshTokens {
  constructor(
    private readonly prisma: PrismaService,
    private readonly settings: LocalTenantSettings,
  ) {}

  /** Starts a new family (a login) and returns its first token. */
  async issue(input: NewRefreshToken): Promise<{ token: string; familyId: string }> {
    const familyId = randomUUID();
    const expiresAt = new Date(Date.now() + this.settings.tenant.refreshTokenLifetimeSeconds * 1000);
    const token = await this.insert({ ...input, familyId, counter: 1, expiresAt });
    return { token, familyId };
  }

  /**
   * The row of a presented token that may still be exchanged or is a reuse of a retired one.
   * Unknown, expired, revoked and other clients' tokens are all "Unknown or invalid refresh token."
   */
  async findPresented(token: string, clientId: string): Promise<LocalRefreshToken> {
    const row = await this.prisma.localRefreshToken.findUnique({ where: { tokenHash: opaqueTokenHash(token) } });
    if (!row || row.clientId !== clientId || row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw invalidRefreshToken();
    return row;
  }

  /**
   * Retires a token. Of concurrent exchanges of one token only one succeeds; a token already
   * retired is a reuse: the family is revoked (RefreshTokenReuseError).
   */
  async retire(row: LocalRefreshToken): Promise<void> {
    const claimed = await this.prisma.localRefreshToken.updateMany({ where: { id: row.id, rotatedAt: null, revokedAt: null }, data: { rotatedAt: new Date() } });
    if (claimed.count === 1) return;
    const latest = await this.prisma.localRefreshToken.aggregate({ where: { familyId: row.familyId }, _max: { counter: true } });
    await this.revokeFamily(row.familyId);
    throw new RefreshTokenReuseError(row, latest._max.counter ?? row.counter);
  }

  /** The token that follows a consumed one in its family. */
  next(previous: LocalRefreshToken, scope: string): Promise<string> {
    return this.insert({
      userId: previous.userId,
      clientId: previous.clientId,
      scope,
      audience: previous.audience ?? undefined,
      familyId: previous.familyId,
      counter: previous.counter + 1,
      expiresAt: previous.expiresAt,
    });
  }

  /** The row of a token, whatever its state, or null. */
  find(token: string): Promise<LocalRefreshToken | null> {
    return this.prisma.localRefreshToken.findUnique({ where: { tokenHash: opaqueTokenHash(token) } });
  }

  async revokeFamily(familyId: string): Promise<number> {
    const { count } = await this.prisma.localRefreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
    return count;
  }

  /** Deletes families whose absolute lifetime ended a day ago. */
  async purgeExpired(now = new Date()): Promise<number> {
    const { count } = await this.prisma.localRefreshToken.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } } });
    return count;
  }

  private async insert(data: NewRefreshToken & { familyId: string; counter: number; expiresAt: Date }): Promise<string> {
    const token = newOpaqueToken();
    await this.prisma.localRefreshToken.create({
      data: { tokenHash: opaqueTokenHash(token), familyId: data.familyId, counter: data.counter, userId: data.userId, clientId: data.clientId, scope: data.scope, audience: data.audience, expiresAt: data.expiresAt },
    });
    return token;
  }
}
