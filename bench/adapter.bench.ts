/**
 * Password login through the Auth0 adapter (AuthClient → HTTP → the local tenant's facade) against
 * the same login through the local provider in process, in one run, on one server. What the adapter
 * path adds beyond the HTTP round trip itself (measured as GET /-/healthz on the same server with the
 * same fetch) is, per round: adapter − in-process − round trip. Rounds interleave the three so that
 * they share the machine's noise. Argon2 runs with cheap parameters (1 MiB, 1 pass) so that the
 * password hash, the same on both paths, does not drown the figure.
 *
 *   npm run bench -- adapter            (DATABASE_URL → that server; else an embedded PostgreSQL)
 */
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config.loader';
import { ConfigModule } from '../src/config/config.module';
import { DEVELOPMENT_CONFIG } from '../src/config/development-config';
import { AUTH0_FETCH } from '../src/identity/auth0/upstream-fetch';
import { IDENTITY_PROVIDER, type IdentityProvider } from '../src/identity/identity-provider.port';
import { IdentityModule } from '../src/identity/identity.module';
import { openBenchDatabase } from './lib/database';
import { percentile, reportResult } from './lib/result';

const DOMAIN = 'tenant.bench.test';
const WARMUP = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 400);
const PASSWORD = 'Bench-Passw0rd!';
const ENV = {
  LOG_LEVEL: 'silent',
  DEMO_PASSWORD: PASSWORD,
  LOG_STREAM_TOKEN: 'bench-log-stream-token-0123456789',
  LOCAL_TENANT_M2M_SECRET: 'bench-m2m-secret-0123456789',
  ADMIN_API_KEY: 'bench-admin-key-0123456789abcdef',
  ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
  PUBLIC_URL: 'http://localhost:8080',
};

function configFile(document: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'agw-bench-config-')), 'config.json');
  writeFileSync(path, JSON.stringify(document));
  return path;
}

const tenantDocument = {
  ...DEVELOPMENT_CONFIG,
  localTenant: {
    ...DEVELOPMENT_CONFIG.localTenant,
    issuerBaseUrl: `https://${DOMAIN}`,
    argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
    facade: { rateLimits: { read: { burst: 100_000, perMinute: 1_000_000 }, write: { burst: 100_000, perMinute: 1_000_000 } } },
  },
};

/** Sends `https://<DOMAIN>/…` to the facade on the loopback port, with the global fetch. */
function facadeFetch(facade: string): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return fetch(`${facade}${url.slice(`https://${DOMAIN}`.length)}`, init);
  }) as typeof fetch;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

async function main() {
  const database = await openBenchDatabase('bench_adapter');
  const tenantConfig = loadConfig({ ...ENV, CONFIG_PATH: configFile(tenantDocument) });
  const app = await createApp({ config: tenantConfig, databaseUrl: database.url });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;

  const adapterConfig = loadConfig({
    ...ENV,
    CONFIG_PATH: configFile({ ...tenantDocument, identityProvider: { type: 'auth0', domain: DOMAIN, clientId: 'local-m2m', clientSecret: ENV.LOCAL_TENANT_M2M_SECRET } }),
  });
  const adapterModule = await Test.createTestingModule({ imports: [ConfigModule.forRoot(adapterConfig), IdentityModule.forRoot(adapterConfig.service.identityProvider)] })
    .overrideProvider(AUTH0_FETCH)
    .useValue(facadeFetch(`${origin}/local-tenant`))
    .compile();

  const local = app.get<IdentityProvider>(IDENTITY_PROVIDER);
  const adapter = adapterModule.get<IdentityProvider>(IDENTITY_PROVIDER);
  const login = (idp: IdentityProvider) => () =>
    idp.loginWithPassword({ clientId: 'app', clientSecret: 'app-development-secret', username: 'demo@example.com', password: PASSWORD, scope: 'openid profile email offline_access', context: { ip: '198.51.100.7' } });
  const roundTrip = async () => {
    const response = await fetch(`${origin}/-/healthz`);
    if (!response.ok) throw new Error(`healthz answered ${response.status}`);
    await response.arrayBuffer();
  };

  const localTimes: number[] = [];
  const adapterTimes: number[] = [];
  const roundTrips: number[] = [];
  const added: number[] = [];
  try {
    for (let i = 0; i < WARMUP; i++) {
      await login(local)();
      await login(adapter)();
      await roundTrip();
    }
    for (let i = 0; i < ROUNDS; i++) {
      const l = await timed(login(local));
      const a = await timed(login(adapter));
      const r = await timed(roundTrip);
      localTimes.push(l);
      adapterTimes.push(a);
      roundTrips.push(r);
      added.push(a - l - r);
    }
  } finally {
    await adapterModule.close();
    await app.close();
    await database.close();
  }

  const p = (xs: number[], q: number) => percentile(xs, q);
  reportResult({
    name: 'adapter',
    metric: 'added_p50_ms',
    value: p(added, 50),
    baseline: p(localTimes, 50),
    target: 'added_p50_ms<=2',
    notes: {
      rounds: ROUNDS,
      'login, local provider in process': `p50 ${ms(p(localTimes, 50))}, p95 ${ms(p(localTimes, 95))}`,
      'login, Auth0 adapter over HTTP to the facade': `p50 ${ms(p(adapterTimes, 50))}, p95 ${ms(p(adapterTimes, 95))}`,
      'HTTP round trip (GET /-/healthz, same server and fetch)': `p50 ${ms(p(roundTrips, 50))}, p95 ${ms(p(roundTrips, 95))}`,
      'added by the adapter path beyond the round trip (per round: adapter - local - round trip)': `p50 ${ms(p(added, 50))}, p95 ${ms(p(added, 95))}`,
      'the same from the percentiles of each series (noisier: rounds do not pair up)': `p50 ${ms(p(adapterTimes, 50) - p(localTimes, 50) - p(roundTrips, 50))}, p95 ${ms(p(adapterTimes, 95) - p(localTimes, 95) - p(roundTrips, 95))}`,
      'argon2 in this benchmark': 'memoryCost 1024 KiB, timeCost 1, parallelism 1',
    },
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
