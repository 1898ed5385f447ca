import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

/**
 * A request body limit for one route, above or below the service-wide one (Fastify's `bodyLimit`):
 * a larger body is refused with 413 before it is read whole. Needs applyRouteBodyLimits.
 */
export const BodyLimit = (bytes: number) => RouteConfig({ bodyLimit: bytes });

/** Makes the routes' @BodyLimit() effective; call before the routes are registered (app.init()). */
export function applyRouteBodyLimits(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const limit = (route.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    if (typeof limit === 'number') route.bodyLimit = limit;
  });
}
