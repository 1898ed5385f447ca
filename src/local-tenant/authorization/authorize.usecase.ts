import { Injectable } from '@nestjs/common';
import { IdentityError } from '../../identity/identity.error';
import type { RequestContext } from '../../identity/identity.types';
import { ApplicationClient, LocalClients } from '../clients/local-clients';
import { connectionForClient } from '../login/connection-for-client';
import { LoginEvents } from '../login/login-events';
import { PasswordAuthenticator } from '../login/password-authenticator';
import { LocalConnection, LocalTenantSettings } from '../settings/local-tenant-settings';
import { checkAudience, requestedScopes } from '../tokens/token-request';
import { AuthorizationCodes } from './authorization-codes';

/** The query of `GET /authorize` (code flow). */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  responseType?: string;
  scope?: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  connection?: string;
  audience?: string;
}

/** An authorize request that passed every check: what the login page shows and posts back. */
export interface ValidatedAuthorizeRequest {
  request: AuthorizeRequest;
  client: ApplicationClient;
  /** The connection preselected, and every connection the client may use. */
  connection: LocalConnection;
  connections: LocalConnection[];
  scopes: string[];
  audience?: string;
}

/**
 * An authorize request that cannot go on. With `redirectUri` the error belongs to the
 * application (redirect there with `error`, `error_description` and `state`); without it, the
 * client or the redirect URI itself is wrong and the error is shown to the user instead.
 */
export class AuthorizeRequestError extends IdentityError {
  constructor(
    code: string,
    message: string,
    readonly redirectUri?: string,
  ) {
    super(400, code, message);
  }
}

const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The authorization-code flow of the local tenant, as its login page drives it: `prepare` checks
 * an authorize request, `login` checks the credentials typed in and returns where to send the
 * browser (`redirect_uri?code=…&state=…`).
 */
@Injectable()
export class AuthorizeWithPassword {
  constructor(
    private readonly clients: LocalClients,
    private readonly settings: LocalTenantSettings,
    private readonly authenticator: PasswordAuthenticator,
    private readonly codes: AuthorizationCodes,
    private readonly events: LoginEvents,
  ) {}

  prepare(request: AuthorizeRequest): ValidatedAuthorizeRequest {
    const client = this.clients.find(request.clientId);
    if (!client || client.kind !== 'application') throw new AuthorizeRequestError('invalid_request', `Unknown client: ${request.clientId}`);
    if (!client.config.redirectUrl || client.config.redirectUrl !== request.redirectUri) {
      throw new AuthorizeRequestError('invalid_request', `Callback URL mismatch. ${request.redirectUri} is not in the list of allowed callback URLs`);
    }
    const fail = (code: string, message: string) => new AuthorizeRequestError(code, message, request.redirectUri);
    if ((request.responseType ?? 'code') !== 'code') throw fail('unsupported_response_type', `Unsupported response type: ${request.responseType}`);
    if (request.codeChallenge !== undefined || request.codeChallengeMethod !== undefined) {
      if (request.codeChallengeMethod !== 'S256') throw fail('invalid_request', 'Unsupported code_challenge_method: only S256 is supported');
      if (!request.codeChallenge || !CODE_CHALLENGE.test(request.codeChallenge)) throw fail('invalid_request', 'code_challenge must be the base64url SHA-256 of the code verifier');
    }
    let connection: LocalConnection;
    let audience: string | undefined;
    try {
      connection = connectionForClient(client, request.connection, this.settings);
      audience = checkAudience(request.audience, client, this.settings);
    } catch (error) {
      const e = error as IdentityError;
      throw fail(e.code === 'access_denied' ? 'access_denied' : 'invalid_request', e.message);
    }
    const supported = client.config.supportedConnections;
    const connections = this.settings.connections.filter((c) => supported.length === 0 || supported.includes(c.name));
    return { request, client, connection, connections, scopes: requestedScopes(request.scope, client), audience };
  }

  /** Checks the credentials of the login page; on success returns the URL to redirect the browser to. */
  async login(request: AuthorizeRequest, credentials: { username: string; password: string; connection?: string; context?: RequestContext }): Promise<{ redirectTo: string }> {
    const prepared = this.prepare({ ...request, connection: credentials.connection ?? request.connection });
    const client = { id: prepared.client.clientId, name: prepared.client.name };
    const user = await this.authenticator.authenticate({ client, connection: prepared.connection, username: credentials.username, password: credentials.password, context: credentials.context });
    const code = await this.codes.issue({
      clientId: prepared.client.clientId,
      redirectUri: request.redirectUri,
      userId: user.id,
      connection: prepared.connection.name,
      scope: prepared.scopes.join(' '),
      audience: prepared.audience,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallenge ? 'S256' : undefined,
    });
    await this.events.emit({ client, connection: prepared.connection, user, context: credentials.context }, 's', 'Successful login', {
      details: { prompts: [], completedAt: Date.now(), elapsedTime: null },
    });
    const target = new URL(request.redirectUri);
    target.searchParams.set('code', code);
    if (request.state !== undefined) target.searchParams.set('state', request.state);
    return { redirectTo: target.toString() };
  }
}
