import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AppConfig } from '../../src/config/config.loader';
import { loadConfig } from '../../src/config/config.loader';
import { ConfigModule } from '../../src/config/config.module';
import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import { AUTH0_FETCH } from '../../src/identity/auth0/upstream-fetch';
import { IDENTITY_PROVIDER, type IdentityProvider } from '../../src/identity/identity-provider.port';
import { IdentityModule } from '../../src/identity/identity.module';
import { TestApp, testEnv, writeConfigFile } from './test-app';

/** The host the facade's issuer names in tests; the SDKs are pointed at it as if it were an Auth0 tenant. */
export const FACADE_DOMAIN = 'tenant.local.test';
export const M2M = { clientId: 'local-m2m', clientSecret: 'test-m2m-secret-0123456789' };

/**
 * A fetch for the Auth0 SDKs that sends `https://<domain>/…` to `<target>/…` (the facade on
 * 127.0.0.1, or a test server) and every other URL nowhere. It counts the requests it sends.
 */
export function rewritingFetch(domain: string, target: string): typeof fetch & { requests: Array<{ method: string; path: string }> } {
  const origin = `https://${domain}`;
  const requests: Array<{ method: string; path: string }> = [];
  const send = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(`${origin}/`) && url !== origin) throw new TypeError(`the test fetch only reaches ${origin}, not ${url}`);
    const rewritten = `${target.replace(/\/$/, '')}${url.slice(origin.length) || '/'}`;
    requests.push({ method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(), path: new URL(rewritten).pathname });
    return input instanceof Request ? fetch(new Request(rewritten, input), init) : fetch(rewritten, init);
  };
  return Object.assign(send as typeof fetch, { requests });
}

/**
 * The development configuration with the local tenant's issuer at `https://<FACADE_DOMAIN>`, the
 * M2M client allowed to list connections, and rate limits no test run reaches (unless given).
 */
export function facadeConfigDocument(overrides: { localTenant?: Record<string, unknown> } = {}): Record<string, unknown> {
  const base = DEVELOPMENT_CONFIG.localTenant;
  return {
    ...DEVELOPMENT_CONFIG,
    localTenant: {
      ...base,
      issuerBaseUrl: `https://${FACADE_DOMAIN}`,
      argon2: { memoryCost: 4096, timeCost: 1, parallelism: 1 },
      facade: { rateLimits: { read: { burst: 10_000, perMinute: 100_000 }, write: { burst: 10_000, perMinute: 100_000 } } },
      ...overrides.localTenant,
    },
  };
}

export interface Auth0AdapterOptions {
  domain?: string;
  fetch: typeof fetch;
  timeoutMs?: number;
  maxRetries?: number;
  retryBudgetMs?: number;
  clientId?: string;
  clientSecret?: string;
  /** The gateway's `managementClient` section; the development configuration's when omitted. */
  managementClient?: Record<string, unknown>;
}

/** The configuration of a gateway whose identity provider is the Auth0 adapter. */
export function auth0Config(options: Omit<Auth0AdapterOptions, 'fetch'>): AppConfig {
  const document = {
    ...facadeConfigDocument(),
    ...(options.managementClient ? { managementClient: options.managementClient } : {}),
    identityProvider: {
      type: 'auth0',
      domain: options.domain ?? FACADE_DOMAIN,
      clientId: options.clientId ?? M2M.clientId,
      clientSecret: options.clientSecret ?? M2M.clientSecret,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.retryBudgetMs !== undefined ? { retryBudgetMs: options.retryBudgetMs } : {}),
    },
  };
  return loadConfig(testEnv({ CONFIG_PATH: writeConfigFile(document) }));
}

/**
 * The Auth0 adapter exactly as the gateway wires it (IdentityModule with identityProvider.type
 * auth0), with the one seam tests use: the fetch the SDKs are given.
 */
export async function createAuth0Adapter(options: Auth0AdapterOptions): Promise<{ provider: IdentityProvider; get<T>(token: Type<T>): T; close(): Promise<void> }> {
  const config = auth0Config(options);
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), IdentityModule.forRoot(config.service.identityProvider)] })
    .overrideProvider(AUTH0_FETCH)
    .useValue(options.fetch)
    .compile();
  await moduleRef.init();
  return { provider: moduleRef.get<IdentityProvider>(IDENTITY_PROVIDER), get: (token) => moduleRef.get(token), close: () => moduleRef.close() };
}

/** Serves a test app on a loopback port and returns the facade's base URL (`http://127.0.0.1:<port>/local-tenant`). */
export async function listenOnLoopback(app: TestApp, prefix = '/local-tenant'): Promise<string> {
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}${prefix}`;
}
