import { AuthClient, type TokenResponse } from '@auth0/auth0-auth-js';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { ClientCredentialsInput, CodeExchangeInput, PasswordLoginInput, RefreshInput, RevokeInput, TokenSet } from '../identity.types';
import { IdentityError } from '../identity.error';
import { nonceMismatch } from '../token-verification';
import { Auth0Calls } from './auth0-calls';
import { Auth0Settings } from './auth0-settings';

/** SDK instances per client kept at most (client types are few; wrong secrets must not grow the map). */
const MAX_CLIENTS = 32;

function toTokenSet(tokens: TokenResponse): TokenSet {
  const set: TokenSet = { access_token: tokens.accessToken, token_type: 'Bearer', expires_in: Math.max(0, tokens.expiresAt - Math.floor(Date.now() / 1000)) };
  if (tokens.idToken !== undefined) set.id_token = tokens.idToken;
  if (tokens.refreshToken !== undefined) set.refresh_token = tokens.refreshToken;
  if (tokens.scope !== undefined) set.scope = tokens.scope;
  return set;
}

function fromEndpointResponse(tokens: oidc.TokenEndpointResponse): TokenSet {
  const set: TokenSet = { access_token: tokens.access_token, token_type: 'Bearer', expires_in: Number(tokens.expires_in ?? 0) };
  if (tokens.id_token !== undefined) set.id_token = tokens.id_token;
  if (tokens.refresh_token !== undefined) set.refresh_token = tokens.refresh_token;
  if (tokens.scope !== undefined) set.scope = tokens.scope;
  return set;
}

/** Whether openid-client refused an ID token for its `nonce` claim. */
function isNonceRejection(error: unknown): boolean {
  for (let e = error as { cause?: unknown; claim?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.claim === 'nonce') return true;
  }
  return false;
}

/** A map that forgets its oldest entry beyond a size. */
class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string, create: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = create();
      this.entries.set(key, value);
      if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * Auth0's Authentication API for the adapter, through `AuthClient` (@auth0/auth0-auth-js) for
 * everything it offers. Three things it cannot do go through openid-client, the OpenID library
 * AuthClient itself runs on, with the discovery document AuthClient fetched:
 * - the code exchange: AuthClient passes no nonce to openid-client, which then refuses any ID token
 *   that carries one (auth0/legacy checks the nonce but downloads the JWKS outside the injected fetch);
 * - grants of public clients (no secret): AuthClient refuses to send a request without client authentication;
 * - client credentials with a `scope`: AuthClient sends only the audience.
 */
@Injectable()
export class Auth0Authentication {
  private readonly clients = new BoundedCache<AuthClient>(MAX_CLIENTS);
  private readonly configurations = new BoundedCache<Promise<oidc.Configuration>>(MAX_CLIENTS);
  /** Discovery and /userinfo (no client authentication) go through the gateway's own application. */
  private readonly tenant: AuthClient;

  constructor(
    private readonly settings: Auth0Settings,
    private readonly calls: Auth0Calls,
  ) {
    this.tenant = this.authClient(settings.managementClient.clientId, settings.managementClient.clientSecret);
  }

  /** Password grant (realm = connection); the end user's IP goes to Auth0 as `auth0-forwarded-for`. */
  loginWithPassword(input: PasswordLoginInput): Promise<TokenSet> {
    return this.calls.authentication(async () => {
      if (input.clientSecret === undefined) {
        const params = { username: input.username, password: input.password, ...optional({ realm: input.connection, audience: input.audience, scope: input.scope }) };
        const grantType = input.connection ? 'http://auth0.com/oauth/grant-type/password-realm' : 'password';
        return fromEndpointResponse(await oidc.genericGrantRequest(await this.configuration(input.clientId), grantType, params));
      }
      const client = this.authClient(input.clientId, input.clientSecret);
      const tokens = await client.getTokenByPassword({
        username: input.username,
        password: input.password,
        realm: input.connection,
        audience: input.audience,
        scope: input.scope,
        auth0ForwardedFor: input.context?.ip,
      });
      return toTokenSet(tokens);
    });
  }

  exchangeCode(input: CodeExchangeInput): Promise<TokenSet> {
    return this.calls.authentication(async () => {
      // openid-client reads the code, and the redirect_uri to send, from the callback URL.
      const callback = URL.canParse(input.redirectUri) ? new URL(input.redirectUri) : undefined;
      if (!callback) throw new IdentityError(400, 'invalid_request', 'redirect_uri must be an absolute URL');
      callback.search = '';
      callback.searchParams.set('code', input.code);
      const config = await this.configuration(input.clientId, input.clientSecret);
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: input.codeVerifier,
          expectedNonce: input.nonce,
          idTokenExpected: input.nonce !== undefined,
        });
        return fromEndpointResponse(tokens);
      } catch (error) {
        if (isNonceRejection(error)) throw nonceMismatch();
        throw error;
      }
    });
  }

  refresh(input: RefreshInput): Promise<TokenSet> {
    return this.calls.authentication(async () => {
      if (input.clientSecret === undefined) {
        return fromEndpointResponse(await oidc.refreshTokenGrant(await this.configuration(input.clientId), input.refreshToken, optional({ scope: input.scope })));
      }
      return toTokenSet(await this.authClient(input.clientId, input.clientSecret).getTokenByRefreshToken({ refreshToken: input.refreshToken, scope: input.scope }));
    });
  }

  revokeRefreshToken(input: RevokeInput): Promise<void> {
    return this.calls.authentication(async () => {
      if (input.clientSecret === undefined) {
        await oidc.tokenRevocation(await this.configuration(input.clientId), input.refreshToken, { token_type_hint: 'refresh_token' });
        return;
      }
      await this.authClient(input.clientId, input.clientSecret).revokeToken({ token: input.refreshToken, tokenTypeHint: 'refresh_token' });
    });
  }

  userInfo(accessToken: string): Promise<Record<string, unknown>> {
    return this.calls.authentication(async () => ({ ...(await this.tenant.getUserInfo({ accessToken })) }));
  }

  clientCredentials(input: ClientCredentialsInput): Promise<TokenSet> {
    const audience = input.audience ?? this.settings.managementClient.audience;
    return this.calls.authentication(async () => {
      if (input.scope !== undefined) {
        const config = await this.configuration(input.clientId, input.clientSecret);
        return fromEndpointResponse(await oidc.clientCredentialsGrant(config, { audience, scope: input.scope }));
      }
      return toTokenSet(await this.authClient(input.clientId, input.clientSecret).getTokenByClientCredentials({ audience }));
    });
  }

  private authClient(clientId: string, clientSecret: string): AuthClient {
    return this.clients.get(cacheKey(clientId, clientSecret), () => new AuthClient({ domain: this.settings.domain, clientId, clientSecret, customFetch: this.calls.fetch }));
  }

  /** An openid-client configuration for a client, from the discovery document AuthClient caches. */
  private configuration(clientId: string, clientSecret?: string): Promise<oidc.Configuration> {
    const key = cacheKey(clientId, clientSecret);
    const created = this.configurations.get(key, async () => {
      const metadata = await this.tenant.getServerMetadata();
      const auth = clientSecret === undefined ? oidc.None() : oidc.ClientSecretPost(clientSecret);
      const config = new oidc.Configuration(metadata, clientId, clientSecret === undefined ? {} : { client_secret: clientSecret }, auth);
      config[oidc.customFetch] = this.calls.fetch;
      return config;
    });
    // A failed discovery is not remembered.
    created.catch(() => this.configurations.delete(key));
    return created;
  }
}

function cacheKey(clientId: string, clientSecret: string | undefined): string {
  return `${clientId}\u0000${clientSecret === undefined ? '-' : createHash('sha256').update(clientSecret).digest('base64url')}`;
}

function optional(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
