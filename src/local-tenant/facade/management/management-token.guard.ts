import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JWTPayload } from 'jose';
import { IdentityError } from '../../../identity/identity.error';
import { LocalClients } from '../../clients/local-clients';
import { LocalTenantSettings } from '../../settings/local-tenant-settings';
import { LocalTokens } from '../../tokens/local-tokens';
import { ManagementRateLimits } from './management-rate-limits';

const MANAGEMENT_SCOPE = 'localTenant:managementScope';

/** The Management API scope a facade route needs (e.g. `read:users`). */
export const ManagementScope = (scope: string) => SetMetadata(MANAGEMENT_SCOPE, scope);

/**
 * Guards the facade's Management API as Auth0 does: a bearer token of this tenant for its
 * Management API audience, rate limited per client (`x-ratelimit-*` on every answer, 429 when
 * spent), granting the route's scope (else 403 `insufficient_scope`).
 */
@Injectable()
export class ManagementTokenGuard implements CanActivate {
  private readonly limits: ManagementRateLimits;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: LocalTokens,
    private readonly settings: LocalTenantSettings,
    private readonly clients: LocalClients,
  ) {
    this.limits = new ManagementRateLimits(settings.tenant.facade.rateLimits);
  }

  /**
   * Management scopes come only from client-credentials tokens of a configured machine-to-machine
   * client, and only those it is still granted: a user may ask a login for this API's audience and
   * any scope, but such a token grants nothing here (Auth0 gives users no Management API scopes either).
   */
  private grantedScopes(payload: JWTPayload): string[] {
    const client = typeof payload.azp === 'string' ? this.clients.find(payload.azp) : undefined;
    if (client?.kind !== 'machine' || payload.gty !== 'client-credentials' || payload.sub !== `${client.clientId}@clients`) return [];
    const asked = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    return asked.filter((s) => client.scopes.includes(s));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.get<string | undefined>(MANAGEMENT_SCOPE, context.getHandler());
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new IdentityError(401, 'invalid_token', 'Missing authentication');
    const payload = await this.tokens.verify(token, this.settings.managementAudience);
    const client = typeof payload.azp === 'string' ? payload.azp : String(payload.sub ?? '');
    const verdict = this.limits.take(client, request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
    for (const [name, value] of Object.entries(verdict.headers)) reply.header(name, value);
    if (!verdict.allowed) throw new IdentityError(429, 'too_many_requests', 'Global limit has been reached');
    if (!scope || !this.grantedScopes(payload).includes(scope)) throw new IdentityError(403, 'insufficient_scope', `Insufficient scope, expected any of: ${scope ?? '(none)'}`);
    return true;
  }
}
