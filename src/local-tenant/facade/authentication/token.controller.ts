import { Controller, Get, Header, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../../common/admin-auth/auth.decorators';
import { IdentityError } from '../../../identity/identity.error';
import type { TokenSet } from '../../../identity/identity.types';
import { ExchangeAuthorizationCode } from '../../authorization/exchange-code.usecase';
import { LocalIdentityProvider } from '../../local-identity-provider';
import { FacadeBody, readFacadeBody } from '../facade-body';
import { facadeContext } from '../facade-context';
import { AuthenticationApiErrorFilter } from './authentication-api-error.filter';
import { presentedClient, tokenGrant } from './token-request';

const bearerToken = (request: FastifyRequest) => /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';

/**
 * The local tenant's Authentication API in Auth0's wire format: `POST /oauth/token` (form or JSON;
 * password, password-realm, authorization_code with PKCE, refresh_token, client_credentials),
 * `POST /oauth/revoke` and `/userinfo`. Clients authenticate themselves (secret or PKCE, bearer token).
 */
@ApiExcludeController()
@Public()
@UseFilters(AuthenticationApiErrorFilter)
@Controller()
export class FacadeTokenController {
  constructor(
    private readonly tenant: LocalIdentityProvider,
    private readonly codeExchange: ExchangeAuthorizationCode,
  ) {}

  @Post('oauth/token')
  @FacadeBody()
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @Header('pragma', 'no-cache')
  async token(@Req() request: FastifyRequest): Promise<TokenSet> {
    const { fields } = await readFacadeBody(request, 'invalid_request');
    const client = presentedClient(fields, request.headers.authorization);
    const grant = tokenGrant(fields);
    const context = facadeContext(request, { confidentialClient: client.clientSecret !== undefined });
    switch (grant.type) {
      case 'password':
        return this.tenant.loginWithPassword({ ...client, username: grant.username, password: grant.password, connection: grant.realm, audience: grant.audience, scope: grant.scope, context });
      case 'authorization_code':
        // The tenant's side of the exchange: the ID token carries the authorize request's nonce, which the client checks.
        return this.codeExchange.execute({ ...client, code: grant.code, redirectUri: grant.redirectUri, codeVerifier: grant.codeVerifier, context });
      case 'refresh_token':
        return this.tenant.refresh({ ...client, refreshToken: grant.refreshToken, scope: grant.scope, context });
      case 'client_credentials':
        return this.tenant.clientCredentials({ clientId: client.clientId, clientSecret: client.clientSecret ?? '', audience: grant.audience, scope: grant.scope, context });
    }
  }

  /** Revokes a refresh token and its family; an unknown token is not an error (RFC 7009). */
  @Post('oauth/revoke')
  @FacadeBody()
  @HttpCode(200)
  async revoke(@Req() request: FastifyRequest): Promise<void> {
    const { fields } = await readFacadeBody(request, 'invalid_request');
    const client = presentedClient(fields, request.headers.authorization);
    const token = fields.token;
    if (typeof token !== 'string' || token === '') throw new IdentityError(400, 'invalid_request', 'Missing required parameter: token');
    await this.tenant.revokeRefreshToken({ ...client, refreshToken: token, context: facadeContext(request, { confidentialClient: client.clientSecret !== undefined }) });
  }

  @Get('userinfo')
  @Header('cache-control', 'no-store')
  userInfo(@Req() request: FastifyRequest): Promise<Record<string, unknown>> {
    return this.tenant.userInfo(bearerToken(request));
  }
}
