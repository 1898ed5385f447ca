import { Injectable } from '@nestjs/common';
import { IdentityError } from '../../identity/identity.error';
import type { ClientCredentialsInput, TokenSet } from '../../identity/identity.types';
import { LocalClients } from '../clients/local-clients';
import { failureMessage, LoginEvents } from '../login/login-events';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { LocalTokens } from './local-tokens';

/**
 * The `client_credentials` grant for `localTenant.m2mClients`: a token for the local tenant's
 * Management API (`<issuer>api/v2/`, the default audience) with the client's scopes, or the subset
 * asked for. Scopes the client was not granted are refused, as on Auth0.
 */
@Injectable()
export class ClientCredentialsGrant {
  constructor(
    private readonly clients: LocalClients,
    private readonly settings: LocalTenantSettings,
    private readonly tokens: LocalTokens,
    private readonly events: LoginEvents,
  ) {}

  async execute(input: ClientCredentialsInput): Promise<TokenSet> {
    const audience = input.audience || this.settings.managementAudience;
    const subject = { client: { id: input.clientId, name: this.clients.nameOf(input.clientId) }, context: input.context };
    try {
      const client = this.clients.authenticateMachine(input.clientId, input.clientSecret);
      if (audience !== this.settings.managementAudience) throw new IdentityError(403, 'access_denied', `Service not found: ${audience}`);
      const asked = [...new Set((input.scope ?? '').split(/\s+/).filter(Boolean))];
      const missing = asked.filter((s) => !client.scopes.includes(s));
      if (missing.length) throw new IdentityError(403, 'access_denied', `Client has not been granted scopes: ${missing.join(', ')}`);
      const scopes = asked.length ? asked : client.scopes;
      const access = await this.tokens.signAccessToken({ subject: `${client.clientId}@clients`, clientId: client.clientId, audience, scopes, grantType: 'client-credentials' });
      await this.events.emit(subject, 'seccft', 'Client Credentials for Access Token', { audience, scope: scopes.join(' '), details: { actions: { executions: [] } } });
      return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, scope: scopes.join(' ') };
    } catch (error) {
      await this.events.failed(subject, 'feccft', failureMessage(error), { audience });
      throw error;
    }
  }
}
