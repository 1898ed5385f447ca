import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error';
import { ApiKeysService, AuthenticatedAdmin } from './api-keys.service';
import { IS_PUBLIC, REQUIRED_SCOPES } from './auth.decorators';
import { AdminScope } from './scopes';

export type AdminRequest = FastifyRequest & { admin?: AuthenticatedAdmin };

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Global guard. A route is open only when marked @Public(); every other route needs an admin API
 * key, with the scopes of @RequireScopes() — or `admin` when a route declares none (deny by default).
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const required = this.reflector.getAllAndOverride<AdminScope[]>(REQUIRED_SCOPES, targets) ?? ['admin'];

    const request = context.switchToHttp().getRequest<AdminRequest>();
    const key = presentedKey(request);
    if (!key) throw ApiError.unauthorized('missing_api_key', 'An admin API key is required (Authorization: Bearer <key> or x-api-key).');
    const admin = await this.keys.authenticate(key);
    if (!admin) throw ApiError.unauthorized('invalid_api_key', 'The admin API key is unknown or revoked.');
    const missing = required.filter((scope) => !admin.scopes.includes(scope));
    if (missing.length > 0) throw ApiError.forbidden('insufficient_scope', `The admin API key lacks the scope(s): ${missing.join(', ')}.`);
    request.admin = admin;
    return true;
  }
}
