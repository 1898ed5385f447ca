import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AdminRequest } from './admin-auth.guard';
import type { AuthenticatedAdmin } from './api-keys.service';

/** The admin key that authenticated the request (set by AdminAuthGuard). */
export const CurrentAdmin = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedAdmin | undefined => ctx.switchToHttp().getRequest<AdminRequest>().admin,
);
