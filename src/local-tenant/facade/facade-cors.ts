import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';

/** The Authentication API routes a browser application calls from its own origin. */
const BROWSER_ROUTES = ['/oauth/token', '/oauth/revoke', '/userinfo', '/.well-known/openid-configuration', '/.well-known/jwks.json'];

function originOf(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).origin : undefined;
}

/**
 * Cross-origin access to the facade's Authentication API for single-page applications (code
 * exchange with PKCE, userinfo, discovery), allowed for the origins of the client types' callback,
 * redirect and logout URLs, as Auth0 allows an application's own origins. Other origins get no
 * CORS headers, so browsers keep their answers from them.
 */
@Injectable()
export class FacadeCors implements OnModuleInit {
  private readonly origins: Set<string>;
  private readonly paths: Set<string>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const urls = Object.values(config.service.clients).flatMap((c) => [c.redirectUrl ?? '', ...c.allowedRedirectUrls, ...c.allowedLogoutRedirectUrls]);
    this.origins = new Set(urls.map(originOf).filter((o): o is string => o !== undefined && o !== 'null'));
    this.paths = new Set(BROWSER_ROUTES.map((route) => `${config.service.localTenant.facade.prefix}${route}`));
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (typeof origin !== 'string' || !this.origins.has(origin) || !this.paths.has(request.url.split('?')[0])) return;
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
      if (request.method === 'OPTIONS') {
        await reply
          .header('access-control-allow-methods', 'GET, POST')
          .header('access-control-allow-headers', 'authorization, content-type, auth0-client')
          .header('access-control-max-age', '600')
          .code(204)
          .send();
      }
    });
  }
}
