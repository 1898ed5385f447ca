import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AdminRequest } from '../common/admin-auth/admin-auth.guard';
import { ApiError } from '../common/errors/api-error';
import type { ManagementCaller } from './user-management.service';

/** The path of a request without its query string. */
function pathOf(url: string): string {
  const mark = url.indexOf('?');
  return mark < 0 ? url : url.slice(0, mark);
}

/**
 * Who calls a management route: the admin API key that authenticated it (AdminAuthGuard), the
 * caller's address and user agent, and the path — what the provider's events and the gateway's
 * `sapi` events record.
 */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext): ManagementCaller => {
  const request = ctx.switchToHttp().getRequest<AdminRequest>();
  if (!request.admin) throw ApiError.unauthorized('missing_api_key', 'An admin API key is required.');
  const userAgent = request.headers['user-agent'];
  return {
    actor: { kind: 'admin_api_key', admin: request.admin },
    context: { ip: request.ip, ...(typeof userAgent === 'string' ? { userAgent } : {}) },
    path: pathOf(request.url),
  };
});
