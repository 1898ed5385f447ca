/**
 * Rules pipeline latency: five pure rules, warm, run per login through the sandbox exactly as the
 * login pipeline runs them (worker thread, one QuickJS runtime per rule, JSON across the boundary),
 * against the same five functions called directly in this process in the same run. Also reports
 * the cold start of a new sandbox context (a definition seen for the first time) and of a new
 * worker thread.
 *
 *   npm run bench -- rules
 */
import { SandboxPool } from '../src/rules/sandbox/sandbox-pool';
import type { PipelineRunRequest, SandboxLimits } from '../src/rules/sandbox/sandbox.types';
import { percentile, reportResult } from './lib/result';

const WARMUP = 300;
const LOGINS = 3000;
const COLD = 40;

const RULES = [
  `function addRoles(user, context, callback) {
  user.app_metadata = user.app_metadata || {};
  var roles = user.email.split('@')[1] === 'example.com' ? ['admin'] : ['user'];
  context.idToken['https://example.com/roles'] = roles;
  callback(null, user, context);
}`,
  `function emailVerified(user, context, callback) {
  if (!user.email_verified) return callback(new UnauthorizedError('Please verify your email before logging in.'));
  callback(null, user, context);
}`,
  `function domainWhitelist(user, context, callback) {
  var whitelist = ['example.com', 'example.org'];
  var domain = user.email.split('@').pop().toLowerCase();
  if (whitelist.indexOf(domain) === -1) return callback(new UnauthorizedError('Access denied.'));
  callback(null, user, context);
}`,
  `function addAttributes(user, context, callback) {
  context.idToken['https://example.com/name'] = user.given_name + ' ' + user.family_name;
  context.accessToken['https://example.com/email'] = user.email;
  callback(null, user, context);
}`,
  `function blockResourceOwner(user, context, callback) {
  if (context.protocol === 'oauth2-resource-owner') return callback(new UnauthorizedError('The resource owner endpoint cannot be used.'));
  context.idToken['https://example.com/logins'] = context.stats.loginsCount;
  callback(null, user, context);
}`,
];

const USER = {
  user_id: 'auth0|5f7c8ec7c33c6c004bbafe82',
  email: 'jane@example.com',
  email_verified: true,
  given_name: 'Jane',
  family_name: 'Doe',
  identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', user_id: '5f7c8ec7c33c6c004bbafe82', isSocial: false }],
  app_metadata: { plan: 'pro' },
  user_metadata: {},
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};
const CONTEXT = {
  tenant: 'local',
  clientID: 'web',
  clientName: 'Web',
  connection: 'Username-Password-Authentication',
  protocol: 'oauth2-password',
  stats: { loginsCount: 12 },
  request: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0', hostname: 'login.example.com', query: {}, body: {} },
  idToken: {},
  accessToken: { scope: ['openid', 'profile'] },
};

const LIMITS: SandboxLimits = {
  cpuMs: 5000,
  memoryBytes: 64 * 1024 * 1024,
  stackBytes: 256 * 1024,
  budgetMs: 20000,
  maxResultBytes: 1024 * 1024,
  http: { allowList: [], timeoutMs: 5000, maxResponseBytes: 1024 * 1024 },
};
const hooks = { updateMetadata: async () => ({}) };

function request(revision = 'r1'): PipelineRunRequest {
  return {
    domain: 'localhost',
    user: JSON.parse(JSON.stringify(USER)),
    context: JSON.parse(JSON.stringify(CONTEXT)),
    definitions: RULES.map((script, i) => ({ id: `rule-${i}`, name: `rule-${i}`, kind: 'rule' as const, script, revision, secrets: {} })),
  };
}

class UnauthorizedError extends Error {}
type Rule = (user: unknown, context: unknown, callback: (err: unknown, user?: unknown, context?: unknown) => void) => void;
// The same functions, compiled in this process (the baseline: no sandbox at all).
const hostRules = RULES.map((script) => new Function('UnauthorizedError', `return (${script});`)(UnauthorizedError) as Rule);

/** One login through the host functions: the same sequencing and the same JSON copy of the input. */
function hostLogin(): Promise<void> {
  let user: unknown = JSON.parse(JSON.stringify(USER));
  let context: unknown = JSON.parse(JSON.stringify(CONTEXT));
  return hostRules.reduce(
    (chain, rule) =>
      chain.then(
        () =>
          new Promise<void>((resolve, reject) =>
            rule(user, context, (err, u, c) => {
              if (err) return reject(err);
              user = u;
              context = c;
              resolve();
            }),
          ),
      ),
    Promise.resolve(),
  );
}

async function time(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function main(): Promise<void> {
  const spawnStarted = performance.now();
  const pool = new SandboxPool(LIMITS, 1);
  const first = await pool.run(request(), hooks);
  const threadColdMs = performance.now() - spawnStarted;
  if (first.outcome !== 'allow') throw new Error(`the benchmark pipeline failed: ${JSON.stringify(first.failure)}`);

  await time(() => pool.run(request(), hooks), WARMUP);
  await time(hostLogin, WARMUP);
  // interleaved rounds so that machine noise hits both sides alike
  const sandboxed: number[] = [];
  const host: number[] = [];
  for (let round = 0; round < 10; round++) {
    sandboxed.push(...(await time(() => pool.run(request(), hooks), LOGINS / 10)));
    host.push(...(await time(hostLogin, LOGINS / 10)));
  }

  // cold start of one new context: a single-rule pipeline whose definition changed every time
  const cold = await time(async () => {
    const r = request(`cold-${Math.random()}`);
    r.definitions = r.definitions.slice(0, 1);
    await pool.run(r, hooks);
  }, COLD);
  const warmOne = await time(async () => {
    const r = request();
    r.definitions = r.definitions.slice(0, 1);
    await pool.run(r, hooks);
  }, COLD * 5);
  await pool.close();

  const p50 = percentile(sandboxed, 50);
  const hostP50 = percentile(host, 50);
  reportResult({
    name: 'rules',
    metric: 'pipeline_p50_ms',
    value: p50,
    baseline: hostP50,
    target: 'p50 overhead (value - baseline) ≤ 1 ms',
    notes: {
      logins: sandboxed.length,
      rules_per_login: RULES.length,
      pipeline_p99_ms: percentile(sandboxed, 99).toFixed(3),
      host_p99_ms: percentile(host, 99).toFixed(3),
      p50_overhead_ms: (p50 - hostP50).toFixed(3),
      p99_overhead_ms: (percentile(sandboxed, 99) - percentile(host, 99)).toFixed(3),
      new_context_cold_start_p50_ms: (percentile(cold, 50) - percentile(warmOne, 50)).toFixed(2),
      new_worker_thread_first_login_ms: threadColdMs.toFixed(0),
    },
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
