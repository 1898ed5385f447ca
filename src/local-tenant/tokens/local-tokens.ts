import { Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { createHash } from 'node:crypto';
import { invalidToken, tokenVerificationError, UNKNOWN_SIGNING_KEY } from '../../identity/token-verification';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { LocalSigningKeys, SIGNING_ALGORITHM } from './signing-keys';

export interface AccessTokenInput {
  subject: string;
  clientId: string;
  /** API audience asked for; without one the token is for /userinfo only. */
  audience?: string;
  scopes: string[];
  /** Auth0's `gty` claim (`password`, `client-credentials`, `refresh_token`); absent for code exchanges. */
  grantType?: string;
  claims?: Record<string, unknown>;
}

export interface IdTokenInput {
  subject: string;
  clientId: string;
  profile: Record<string, unknown>;
  nonce?: string;
  accessToken: string;
  claims?: Record<string, unknown>;
}

export interface SignedToken {
  token: string;
  expiresIn: number;
}

/** OIDC `at_hash`: the left half of the SHA-256 of the access token, base64url. */
export function accessTokenHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** Signs and verifies the local tenant's JWTs (RS256) with Auth0's claims. */
@Injectable()
export class LocalTokens {
  constructor(
    private readonly keys: LocalSigningKeys,
    private readonly settings: LocalTenantSettings,
  ) {}

  /** The `aud` of an access token, as Auth0 writes it: the API and, with `openid`, /userinfo. */
  accessTokenAudience(audience: string | undefined, scopes: string[]): string | string[] {
    if (!audience) return this.settings.userInfoAudience;
    if (audience === this.settings.userInfoAudience || !scopes.includes('openid')) return audience;
    return [audience, this.settings.userInfoAudience];
  }

  async signAccessToken(input: AccessTokenInput): Promise<SignedToken> {
    const lifetime = this.settings.tenant.accessTokenLifetimeSeconds;
    const payload: JWTPayload = {
      ...input.claims,
      iss: this.settings.issuer,
      sub: input.subject,
      aud: this.accessTokenAudience(input.audience, input.scopes),
      azp: input.clientId,
      scope: input.scopes.join(' '),
      ...(input.grantType ? { gty: input.grantType } : {}),
    };
    return { token: await this.sign(payload, lifetime), expiresIn: lifetime };
  }

  async signIdToken(input: IdTokenInput): Promise<SignedToken> {
    const lifetime = this.settings.tenant.idTokenLifetimeSeconds;
    const payload: JWTPayload = {
      ...input.claims,
      ...input.profile,
      iss: this.settings.issuer,
      sub: input.subject,
      aud: input.clientId,
      ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
      at_hash: accessTokenHash(input.accessToken),
    };
    return { token: await this.sign(payload, lifetime), expiresIn: lifetime };
  }

  private async sign(payload: JWTPayload, lifetimeSeconds: number): Promise<string> {
    const key = await this.keys.current();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: 'JWT', kid: key.kid })
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(key.privateKey);
  }

  /**
   * Verifies a token of this tenant: signature by a published key, issuer, expiry and audience.
   * Any failure is 401 `invalid_token`.
   */
  async verify(token: string, audience: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = await this.keys.verificationKey(header.kid);
          if (!key) throw invalidToken(UNKNOWN_SIGNING_KEY);
          return key;
        },
        { issuer: this.settings.issuer, audience, algorithms: [SIGNING_ALGORITHM] },
      );
      return payload;
    } catch (error) {
      throw tokenVerificationError(error);
    }
  }
}
