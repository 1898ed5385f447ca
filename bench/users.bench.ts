/**
 * `GET /users?email=<prefix>*` over 100,000 local tenant users: latency through the gateway (HTTP,
 * admin key, validation, query building, the connection policy, response mapping, in its own
 * process as `npm start` runs it) against the same search through the identity port called
 * directly (IdentityProvider.listUsers with the query the gateway builds), in the same run,
 * requests alternating one by one.
 *
 *   npm run bench -- users            (DATABASE_URL → that server; else an embedded PostgreSQL)
 */
import 'reflect-metadata';
import { Agent, request } from 'node:http';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config.loader';
import { IDENTITY_PROVIDER, IdentityProvider } from '../src/identity/identity-provider.port';
import { buildUserSearchQuery } from '../src/users/search/user-search-query';
import { openBenchDatabase } from './lib/database';
import { percentile, reportResult } from './lib/result';
import { startServer } from './lib/servers';
import { insertRealisticUsers } from './lib/users';

const USERS = 100_000;
const WARMUP = 30;
const ITERATIONS = 400;
const PAGE = 25;
const CONNECTION = 'Username-Password-Authentication';
const ADMIN_KEY = 'bench-users-admin-key-0123456789abcdef';
const PREFIXES = ['james', 'mary', 'john', 'sofia', 'lucas', 'emma', 'wei', 'priya', 'foodie', 'pixel', 'ninja', 'rocket', 'storm', 'maple', 'nova', 'amber'];

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(base: string, path: string): Promise<{ status: number; body: string; total: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { agent, headers: { authorization: `Bearer ${ADMIN_KEY}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, total: res.headers['x-total-count'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase('bench_users');
  try {
    const started = performance.now();
    await insertRealisticUsers(bench.url, USERS);
    console.log(`${USERS} users inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const gateway = await startServer('gateway', { DATABASE_URL: bench.url, ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'warn' });
    const bare = await startServer('bare-healthz');
    const config = loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, DEMO_PASSWORD: 'Bench-Demo-Passw0rd', ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') });
    const app = await createApp({ config, databaseUrl: bench.url });
    const provider = app.get<IdentityProvider>(IDENTITY_PROVIDER);
    try {
      const viaGateway = async (prefix: string) => {
        const res = await get(gateway.url, `/users?email=${encodeURIComponent(`${prefix}*`)}&_l=${PAGE}`);
        if (res.status !== 200) throw new Error(`GET /users answered ${res.status}: ${res.body}`);
        return { users: JSON.parse(res.body) as Array<{ user_id: string }>, total: Number(res.total) };
      };
      const direct = (prefix: string) => provider.listUsers({ q: buildUserSearchQuery({ connections: [CONNECTION], email: `${prefix}*` }), page: 0, perPage: PAGE });

      for (const prefix of PREFIXES) {
        const [a, b] = [await viaGateway(prefix), await direct(prefix)];
        if (a.total !== b.total || a.users.map((u) => u.user_id).join() !== b.users.map((u) => u.user_id).join()) {
          throw new Error(`${prefix}*: the gateway and the port disagree`);
        }
      }
      for (let i = 0; i < WARMUP; i++) {
        await viaGateway(PREFIXES[i % PREFIXES.length]);
        await direct(PREFIXES[i % PREFIXES.length]);
      }
      const gatewayMs: number[] = [];
      const directMs: number[] = [];
      const healthzMs: number[] = [];
      const bareMs: number[] = [];
      const paired: number[] = [];
      let matches = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const prefix = PREFIXES[i % PREFIXES.length];
        const [g, result] = await timed(() => viaGateway(prefix));
        const [d] = await timed(() => direct(prefix));
        const [h] = await timed(() => get(gateway.url, '/-/healthz'));
        const [b] = await timed(() => get(bare.url, '/-/healthz'));
        bareMs.push(b);
        gatewayMs.push(g);
        directMs.push(d);
        healthzMs.push(h);
        paired.push(g - d);
        matches += result.total;
      }
      const gatewayP50 = percentile(gatewayMs, 50);
      const directP50 = percentile(directMs, 50);
      reportResult({
        name: 'users',
        metric: 'p50_ms',
        value: gatewayP50,
        baseline: directP50,
        target: 'gateway adds <= 1 ms at p50',
        notes: {
          'gateway p50 / p95 ms': `${gatewayP50.toFixed(2)} / ${percentile(gatewayMs, 95).toFixed(2)}`,
          'port p50 / p95 ms': `${directP50.toFixed(2)} / ${percentile(directMs, 95).toFixed(2)}`,
          'gateway adds at p50 (ms)': (gatewayP50 - directP50).toFixed(2),
          'median of the paired differences (ms)': percentile(paired, 50).toFixed(2),
          // Round trips without the users route: the gateway's cheapest route, and a bare Fastify server.
          'GET /-/healthz p50 ms (gateway / bare Fastify)': `${percentile(healthzMs, 50).toFixed(2)} / ${percentile(bareMs, 50).toFixed(2)}`,
          'average matches per search (capped at 1000)': Math.round(matches / ITERATIONS),
        },
      });
    } finally {
      agent.destroy();
      await app.close();
      await gateway.stop();
      await bare.stop();
    }
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
