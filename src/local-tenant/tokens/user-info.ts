import { Injectable } from '@nestjs/common';
import { IdentityError } from '../../identity/identity.error';
import { nonceMismatch } from '../../identity/token-verification';
import type { VerifiedIdToken } from '../../identity/identity.types';
import { USER_BLOCKED } from '../login/password-authenticator';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { LocalUsers } from '../users/local-users';
import { toIdentityUser } from '../users/user-mapper';
import { namespacedClaims } from './custom-claims';
import { LocalTokens } from './local-tokens';
import { profileClaims } from './profile-claims';

/** `/userinfo` and ID-token verification of the local tenant. */
@Injectable()
export class LocalUserInfo {
  constructor(
    private readonly tokens: LocalTokens,
    private readonly settings: LocalTenantSettings,
    private readonly users: LocalUsers,
  ) {}

  /**
   * The OIDC claims of the user an access token was issued to, for its scopes, with the namespaced
   * claims the token carries. The token must be valid and have the /userinfo audience.
   */
  async userInfo(accessToken: string): Promise<Record<string, unknown>> {
    const payload = await this.tokens.verify(accessToken, this.settings.userInfoAudience);
    const row = typeof payload.sub === 'string' ? await this.users.find(payload.sub) : null;
    if (!row) throw new IdentityError(401, 'invalid_token', 'The token does not belong to a user of this tenant.');
    if (row.blocked) throw new IdentityError(401, 'unauthorized', USER_BLOCKED);
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    return { sub: payload.sub, ...profileClaims(toIdentityUser(row), scopes), ...namespacedClaims(payload).claims };
  }

  /** Checks an ID token: signature, issuer, audience (the client id), expiry and, when given, the nonce. */
  async verifyIdToken(idToken: string, options: { clientId: string; nonce?: string }): Promise<VerifiedIdToken> {
    const claims = await this.tokens.verify(idToken, options.clientId);
    if (options.nonce !== undefined && claims.nonce !== options.nonce) throw nonceMismatch();
    return { claims };
  }
}
