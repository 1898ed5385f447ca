import { Injectable } from '@nestjs/common';
import { IdentityError } from '../../identity/identity.error';
import type { RefreshInput, RevokeInput, TokenSet } from '../../identity/identity.types';
import { LocalClients } from '../clients/local-clients';
import { failureMessage, LoginEvents, LoginSubject } from '../login/login-events';
import { USER_BLOCKED } from '../login/password-authenticator';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { UserTokenIssuer } from '../tokens/user-token-issuer';
import { LocalUsers } from '../users/local-users';
import { LOCAL_USER_ID_PREFIX } from '../users/user-mapper';
import { invalidRefreshToken, RefreshTokens, RefreshTokenReuseError } from './refresh-tokens';
import { failureEventRecorded } from '../../common/auth-events/auth-event';

/**
 * The `refresh_token` grant with rotation: the presented token is retired and the response carries
 * the next one. Reusing a retired token revokes its family and is logged as `ferrt`. A narrower
 * `scope` may be asked for; a wider one is refused.
 */
@Injectable()
export class RefreshTokenExchange {
  constructor(
    private readonly clients: LocalClients,
    private readonly settings: LocalTenantSettings,
    private readonly refreshTokens: RefreshTokens,
    private readonly users: LocalUsers,
    private readonly issuer: UserTokenIssuer,
    private readonly events: LoginEvents,
  ) {}

  async refresh(input: RefreshInput): Promise<TokenSet> {
    const subject: LoginSubject = { client: { id: input.clientId, name: this.clients.nameOf(input.clientId) }, context: input.context };
    let presentedAudience: string | null | undefined;
    try {
      const client = this.clients.authenticateApplication(input.clientId, input.clientSecret);
      const presented = await this.refreshTokens.findPresented(input.refreshToken, client.clientId);
      presentedAudience = presented.audience;
      if (presented.rotatedAt) await this.refreshTokens.retire(presented); // a reuse: revokes the family and throws
      // Checked before the token is retired, so that a refused request does not cost the client its token.
      const asked = (input.scope ?? '').split(/\s+/).filter(Boolean);
      const excess = asked.filter((s) => !presented.scope.split(' ').includes(s));
      if (excess.length) throw new IdentityError(403, 'invalid_scope', `The requested scope is not within the scope of the refresh token: ${excess.join(' ')}`);
      const user = await this.users.find(`${LOCAL_USER_ID_PREFIX}${presented.userId}`);
      if (!user) throw invalidRefreshToken();
      subject.user = user;
      subject.connection = this.settings.connectionById(user.connectionId);
      if (user.blocked) throw new IdentityError(401, 'unauthorized', USER_BLOCKED);
      await this.refreshTokens.retire(presented);
      const granted = presented.scope.split(' ').filter(Boolean);
      const issued = await this.issuer.issue({
        user,
        client,
        scopes: asked.length ? [...new Set(asked)] : granted,
        audience: presented.audience ?? undefined,
        protocol: 'oauth2-refresh-token',
        grantType: 'refresh_token',
        onAuthenticated: input.onAuthenticated,
        rotating: presented,
      });
      await this.events.emit(subject, 'sertft', '', {
        audience: presented.audience ?? this.settings.userInfoAudience,
        scope: issued.tokens.scope,
        details: { familyId: presented.familyId, tokenCounter: presented.counter + 1, requested_scope: input.scope ?? '' },
      });
      return issued.tokens;
    } catch (error) {
      if (error instanceof RefreshTokenReuseError) {
        const reused = error.token;
        subject.user = (await this.users.find(`${LOCAL_USER_ID_PREFIX}${reused.userId}`)) ?? undefined;
        subject.connection = subject.user ? this.settings.connectionById(subject.user.connectionId) : undefined;
        await this.events.emit(subject, 'ferrt', 'Unsuccessful Refresh Token exchange, reused refresh token detected', {
          audience: reused.audience ?? this.settings.userInfoAudience,
          details: { familyId: reused.familyId, tokenCounter: reused.counter, latestCounter: error.latestCounter },
        });
      } else if (!failureEventRecorded(error)) {
        await this.events.failed(subject, 'fertft', failureMessage(error), {
          audience: presentedAudience ?? this.settings.userInfoAudience,
          details: { failure_reason: failureMessage(error) },
        });
      }
      throw error;
    }
  }

  /** Revokes a refresh token and its whole family (`POST /oauth/revoke`); an unknown token is not an error. */
  async revoke(input: RevokeInput): Promise<void> {
    const client = this.clients.authenticateApplication(input.clientId, input.clientSecret);
    const token = await this.refreshTokens.find(input.refreshToken);
    if (!token) return;
    if (token.clientId !== client.clientId) throw new IdentityError(403, 'unauthorized_client', 'The refresh token was not issued to this client.');
    await this.refreshTokens.revokeFamily(token.familyId);
    const user = await this.users.find(`${LOCAL_USER_ID_PREFIX}${token.userId}`);
    await this.events.emit(
      { client: { id: client.clientId, name: client.name }, user: user ?? undefined, connection: user ? this.settings.connectionById(user.connectionId) : undefined, context: input.context },
      'srrt',
      'Successful Refresh Token Revocation',
      { details: { credential_id: token.familyId, audience: token.audience ?? this.settings.userInfoAudience } },
    );
  }
}
