import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import type { VerifiedIdToken } from '../identity.types';
import { nonceMismatch, tokenVerificationError } from '../token-verification';
import { Auth0Calls } from './auth0-calls';
import { Auth0Settings } from './auth0-settings';

/**
 * Verifies ID tokens of the tenant: RS256 signature by a key of the tenant's JWKS (fetched through
 * the adapter's fetch, cached, fetched again for an unknown key), issuer `https://<domain>/`, the
 * client id as audience, expiry, and the nonce when one is expected.
 */
@Injectable()
export class Auth0IdTokens {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly settings: Auth0Settings,
    private readonly calls: Auth0Calls,
  ) {
    this.jwks = createRemoteJWKSet(new URL(`https://${settings.domain}/.well-known/jwks.json`), { [customFetch]: calls.fetch, timeoutDuration: settings.policy.timeoutMs });
  }

  verify(idToken: string, options: { clientId: string; nonce?: string }): Promise<VerifiedIdToken> {
    return this.calls.authentication(async (call) => {
      let claims: Record<string, unknown>;
      try {
        ({ payload: claims } = await jwtVerify(idToken, this.jwks, { issuer: this.settings.issuer, audience: options.clientId, algorithms: ['RS256'] }));
      } catch (error) {
        // The JWKS could not be had: an upstream failure, mapped as such.
        if (call.timedOut || call.malformed || call.failure || call.unreachable) throw error;
        throw tokenVerificationError(error);
      }
      if (options.nonce !== undefined && claims.nonce !== options.nonce) throw nonceMismatch();
      return { claims };
    });
  }
}
