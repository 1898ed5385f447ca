import { Injectable } from '@nestjs/common';
import type { PasswordLoginInput, TokenSet } from '../../identity/identity.types';
import { ApplicationClient, LocalClients } from '../clients/local-clients';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { checkAudience, requestedScopes } from '../tokens/token-request';
import { UserTokenIssuer } from '../tokens/user-token-issuer';
import { connectionForClient } from './connection-for-client';
import { failureMessage, LoginEvents, LoginSubject } from './login-events';
import { PasswordAuthenticator } from './password-authenticator';
import { failureEventRecorded } from '../../common/auth-events/auth-event';

/** The password grant (`password` / `password-realm`): credentials in, tokens out. */
@Injectable()
export class PasswordLogin {
  constructor(
    private readonly clients: LocalClients,
    private readonly settings: LocalTenantSettings,
    private readonly authenticator: PasswordAuthenticator,
    private readonly issuer: UserTokenIssuer,
    private readonly events: LoginEvents,
  ) {}

  async execute(input: PasswordLoginInput): Promise<TokenSet> {
    const subject: LoginSubject = { client: { id: input.clientId, name: this.clients.nameOf(input.clientId) }, login: input.username, context: input.context };
    let client: ApplicationClient;
    let audience: string | undefined;
    try {
      client = this.clients.authenticateApplication(input.clientId, input.clientSecret);
      audience = checkAudience(input.audience, client, this.settings);
    } catch (error) {
      await this.events.failed(subject, 'fepft', failureMessage(error), { audience: input.audience ?? this.settings.userInfoAudience });
      throw error;
    }
    try {
      subject.connection = connectionForClient(client, input.connection, this.settings);
    } catch (error) {
      await this.events.failed(subject, 'f', failureMessage(error));
      throw error;
    }
    const scopes = requestedScopes(input.scope, client);
    const user = await this.authenticator.authenticate({ client: subject.client, connection: subject.connection, username: input.username, password: input.password, context: input.context });
    subject.user = user;
    try {
      const issued = await this.issuer.issue({ user, client, scopes, audience, protocol: 'oauth2-password', grantType: 'password', onAuthenticated: input.onAuthenticated });
      const exchange = { audience: audience ?? this.settings.userInfoAudience, scope: issued.tokens.scope };
      await this.events.emitAll(
        this.events.input(subject, 's', 'Successful login', { details: { prompts: [], completedAt: Date.now(), elapsedTime: null } }),
        this.events.input(subject, 'sepft', '', { ...exchange, details: {} }),
      );
      return issued.tokens;
    } catch (error) {
      if (!failureEventRecorded(error)) await this.events.failed(subject, 'f', failureMessage(error));
      throw error;
    }
  }
}
