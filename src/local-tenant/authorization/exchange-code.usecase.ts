import { Injectable } from '@nestjs/common';
import { IdentityError } from '../../identity/identity.error';
import type { CodeExchangeInput, TokenSet } from '../../identity/identity.types';
import { maskSecret } from '../events/local-tenant-events';
import { LocalClients } from '../clients/local-clients';
import { failureMessage, LoginEvents, LoginSubject } from '../login/login-events';
import { USER_BLOCKED } from '../login/password-authenticator';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { UserTokenIssuer } from '../tokens/user-token-issuer';
import { LocalUsers } from '../users/local-users';
import { LOCAL_USER_ID_PREFIX } from '../users/user-mapper';
import { AuthorizationCodes, invalidCode } from './authorization-codes';
import { verifyPkceS256 } from './pkce';
import { opaqueTokenHash } from '../common/opaque-token';
import { failureEventRecorded } from '../../common/auth-events/auth-event';

/**
 * The `authorization_code` grant: the code must be unused, unexpired, issued to this client for
 * this redirect URI, and (when the authorize request had a challenge) match the PKCE verifier.
 * The ID token carries the nonce of the authorize request.
 */
@Injectable()
export class ExchangeAuthorizationCode {
  constructor(
    private readonly clients: LocalClients,
    private readonly settings: LocalTenantSettings,
    private readonly codes: AuthorizationCodes,
    private readonly users: LocalUsers,
    private readonly issuer: UserTokenIssuer,
    private readonly events: LoginEvents,
  ) {}

  async execute(input: CodeExchangeInput): Promise<TokenSet> {
    const subject: LoginSubject = { client: { id: input.clientId, name: this.clients.nameOf(input.clientId) }, context: input.context };
    const details = { code: maskSecret(input.code) };
    try {
      // A public client proves itself with PKCE; a confidential one without PKCE needs its secret (checked below).
      const client = this.clients.authenticateApplication(input.clientId, input.clientSecret, { secretOptional: true });
      const code = await this.codes.redeem(input.code);
      if (code.clientId !== client.clientId) throw invalidCode();
      if (code.redirectUri !== input.redirectUri) throw new IdentityError(403, 'invalid_grant', 'Invalid redirect_uri: it does not match the one of the authorization request');
      if (code.codeChallenge) {
        if (!input.codeVerifier || !verifyPkceS256(input.codeVerifier, code.codeChallenge)) throw new IdentityError(403, 'invalid_grant', 'Failed to verify code verifier');
      } else if (client.secret !== undefined && input.clientSecret === undefined) {
        throw new IdentityError(401, 'access_denied', 'Unauthorized');
      }
      const user = await this.users.find(`${LOCAL_USER_ID_PREFIX}${code.userId}`);
      if (!user) throw invalidCode();
      subject.user = user;
      subject.connection = this.settings.connectionById(user.connectionId);
      if (user.blocked) throw new IdentityError(401, 'unauthorized', USER_BLOCKED);
      const scopes = code.scope.split(' ').filter(Boolean);
      const issued = await this.issuer.issue({
        user,
        client,
        scopes,
        audience: code.audience ?? undefined,
        nonce: code.nonce ?? undefined,
        protocol: 'authorization_code',
        onAuthenticated: input.onAuthenticated,
      });
      if (issued.refreshFamilyId) await this.codes.linkRefreshFamily(opaqueTokenHash(input.code), issued.refreshFamilyId);
      await this.events.emit(subject, 'seacft', '', { audience: code.audience ?? this.settings.userInfoAudience, scope: issued.tokens.scope, details });
      return issued.tokens;
    } catch (error) {
      if (!failureEventRecorded(error)) await this.events.failed(subject, 'feacft', failureMessage(error), { details });
      throw error;
    }
  }
}
