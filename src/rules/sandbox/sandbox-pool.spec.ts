import { SandboxPool } from './sandbox-pool';
import type { PipelineRunRequest, SandboxLimits } from './sandbox.types';

const limits: SandboxLimits = { cpuMs: 2000, memoryBytes: 32 * 1024 * 1024, stackBytes: 256 * 1024, budgetMs: 600, maxResultBytes: 1024 * 1024, http: { allowList: [], timeoutMs: 500, maxResponseBytes: 1000 } };
const hooks = { updateMetadata: async () => ({}) };
const request = (script: string): PipelineRunRequest => ({ domain: 'localhost', user: { user_id: 'auth0|1' }, context: { idToken: {} }, definitions: [{ id: 'r', name: 'r', kind: 'rule', script, revision: script, secrets: {} }] });

describe('SandboxPool', () => {
  let pool: SandboxPool;
  afterEach(() => pool.close());

  it('runs logins on threads it starts on demand, up to its size, one login per thread at a time', async () => {
    pool = new SandboxPool({ ...limits, budgetMs: 10_000 }, 2); // the third login waits while both threads start
    expect(pool.threadCount).toBe(0);
    const wait = "function (user, context, callback) { setTimeout(function () { context.idToken['https://x/t'] = 1; callback(null, user, context); }, 150); }";
    const started = Date.now();
    const results = await Promise.all([pool.run(request(wait), hooks), pool.run(request(wait), hooks), pool.run(request(wait), hooks)]);
    expect(results.map((r) => r.outcome)).toEqual(['allow', 'allow', 'allow']);
    expect(pool.threadCount).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // the third waited for a free thread
  });

  it('fails a login that waited for a free thread for the whole budget, without running it', async () => {
    pool = new SandboxPool(limits, 1);
    const busy = pool.run(request('function (user, context, callback) { setTimeout(function () {}, 60000); }'), hooks);
    const queued = await pool.run(request('function (user, context, callback) { callback(null, user, context); }'), hooks);
    expect(queued).toEqual(expect.objectContaining({ outcome: 'error', rules: [], failure: expect.objectContaining({ kind: 'timeout', message: 'every rules sandbox thread (1) stayed busy for the 600 ms budget' }) }));
    expect((await busy).failure).toEqual(expect.objectContaining({ kind: 'timeout', rule: 'r' }));
  });

  it('answers every pending login when it closes', async () => {
    pool = new SandboxPool(limits, 1);
    const running = pool.run(request('function (user, context, callback) { setTimeout(function () {}, 60000); }'), hooks);
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    expect((await running).failure?.message).toBe('the rules sandbox is shut down');
    expect((await pool.run(request('function (u, c, cb) { cb(null, u, c); }'), hooks)).failure?.message).toBe('the rules sandbox is shut down');
  });
});
