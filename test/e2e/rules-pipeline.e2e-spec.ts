import { RuleExecutionRecorder } from '../../src/rules/executions/rule-execution-recorder';
import { LoginDeniedError, LoginRules, LoginRulesInput } from '../../src/rules/login-rules.port';
import { RulesSandbox } from '../../src/rules/sandbox/rules-sandbox';
import { captureAuthEvents } from '../utils/auth-events';
import { createTestApp, expectErrorBody, TestApp } from '../utils/test-app';

const USER = { user_id: 'auth0|dryrun1', email: 'ada@example.com', email_verified: true, identities: [], created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', app_metadata: {} };

function loginInput(overrides: Partial<LoginRulesInput> = {}): LoginRulesInput {
  return {
    user: { ...USER, identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', user_id: 'dryrun1', isSocial: false }] },
    protocol: 'oauth2-password',
    client: { clientId: 'web', name: 'Web' },
    connection: { id: 'con_DevelopmentUser1', name: 'Username-Password-Authentication', strategy: 'auth0' },
    request: { ip: '203.0.113.7', userAgent: 'jest', hostname: 'localhost', body: { username: 'ada@example.com', password: 'secret-password' } },
    scopes: ['openid', 'profile'],
    ...overrides,
  };
}

describe('rules pipeline', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = async (body: Record<string, unknown>) => {
    const res = await t.admin({ method: 'POST', url: '/rules', payload: body });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; name: string };
  };

  it('stores secrets encrypted, never returns them, and gives them to the definitions allowed to read them', async () => {
    const reader = await create({ name: 'reads-secret', script: "function (user, context, callback) {\n  context.idToken['https://example.com/k'] = configuration.API_KEY + '/' + (configuration.OTHER || 'none') + '/' + configuration.API_KEY.length;\n  callback(null, user, context);\n}" });
    const set = await t.admin({ method: 'PUT', url: '/rules/secrets/API_KEY', payload: { value: 'key-123' } });
    expect(set.statusCode).toBe(200);
    expect(JSON.stringify(set.json())).not.toContain('key-123');
    const other = await create({ name: 'other-owner', enabled: false, script: 'function (user, context, callback) { callback(null, user, context); }' });
    await t.admin({ method: 'PUT', url: '/rules/secrets/OTHER', payload: { value: 'only-for-other', ruleIds: [other.id] } });

    const listed = await t.admin({ method: 'GET', url: '/rules/secrets' });
    expect(listed.json().map((s: { name: string }) => s.name)).toEqual(['API_KEY', 'OTHER']);
    expect(listed.body).not.toMatch(/key-123|only-for-other/);
    const stored = await t.prisma.ruleSecret.findMany();
    expect(stored.map((s) => s.valueEncrypted).join()).not.toMatch(/key-123|only-for-other/);

    const tried = await t.admin({ method: 'POST', url: `/rules/${reader.id}/try`, payload: { user: USER } });
    // the rule read the secret (and not OTHER); the dry-run answer masks the value it returned
    expect(tried.json().idTokenClaims).toEqual({ 'https://example.com/k': '[secret]/none/7' });

    expectErrorBody(await t.admin({ method: 'PUT', url: '/rules/secrets/bad-name', payload: { value: 'x' } }), 400, 'invalid_secret_name');
    expect((await t.admin({ method: 'DELETE', url: '/rules/secrets/OTHER' })).statusCode).toBe(204);
    expectErrorBody(await t.admin({ method: 'DELETE', url: '/rules/secrets/OTHER' }), 404, 'secret_not_found');
    await t.admin({ method: 'DELETE', url: `/rules/${reader.id}` });
    await t.admin({ method: 'DELETE', url: `/rules/${other.id}` });
  });

  it('dry-runs the enabled pipeline: claims, logs, per-rule outcomes, metadata applied in memory only', async () => {
    const roles = await create({
      name: 'roles',
      order: 10,
      script:
        "function (user, context, callback) {\n  user.app_metadata = user.app_metadata || {};\n  user.app_metadata.roles = ['reader'];\n  console.log('roles for', user.email);\n  auth0.users.updateAppMetadata(user.user_id, user.app_metadata)\n    .then(function () {\n      context.idToken['https://example.com/roles'] = user.app_metadata.roles;\n      context.idToken.plain = 'dropped';\n      callback(null, user, context);\n    })\n    .catch(callback);\n}",
    });
    const action = await create({
      name: 'scopes',
      order: 11,
      kind: 'action',
      script: "exports.onExecutePostLogin = async (event, api) => {\n  api.accessToken.addScope('read:reports');\n  api.accessToken.setCustomClaim('https://example.com/roles', event.user.app_metadata.roles);\n  api.user.setUserMetadata('seen', true);\n};",
    });
    const res = await t.admin({ method: 'POST', url: '/rules/try', payload: { user: USER, context: { clientID: 'reporting' } } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual(
      expect.objectContaining({
        outcome: 'allow',
        idTokenClaims: { 'https://example.com/roles': ['reader'] },
        accessTokenClaims: { 'https://example.com/roles': ['reader'] },
        scopes: ['openid', 'read:reports'],
        error: null,
        logs: [{ rule: 'roles', level: 'info', message: 'roles for ada@example.com' }],
      }),
    );
    expect(body.user.app_metadata).toEqual({ roles: ['reader'] });
    expect(body.user.user_metadata).toEqual({ seen: true });
    expect(body.warnings).toEqual([expect.objectContaining({ rule: 'roles', message: expect.stringContaining('"plain"') })]);
    expect(body.rules.map((r: { name: string; outcome: string }) => [r.name, r.outcome])).toEqual([
      ['roles', 'allow'],
      ['scopes', 'allow'],
    ]);
    // nothing persisted by a dry run
    expect(await t.prisma.ruleExecution.count()).toBe(0);

    expectErrorBody(await t.admin({ method: 'POST', url: '/rules/try', payload: { context: {} } }), 400, 'invalid_dry_run');
    expectErrorBody(await t.admin({ method: 'POST', url: '/rules/try', payload: { userId: 'auth0|000000000000000000000000' } }), 404, 'inexistent_user');
    await t.admin({ method: 'DELETE', url: `/rules/${roles.id}` });
    await t.admin({ method: 'DELETE', url: `/rules/${action.id}` });
  });

  it('reports where a definition failed, and a denial as deny', async () => {
    const broken = await create({ name: 'broken', enabled: false, script: 'function (user, context, callback) {\n  var profile = null;\n  callback(null, profile.name);\n}' });
    const failed = (await t.admin({ method: 'POST', url: `/rules/${broken.id}/try`, payload: { user: USER } })).json();
    expect(failed.outcome).toBe('error');
    expect(failed.error).toEqual({ name: 'TypeError', message: expect.stringContaining('name'), rule: 'broken', line: 3, column: expect.any(Number) });
    const denier = await create({ name: 'denier', enabled: false, script: "function (user, context, callback) {\n  callback(new UnauthorizedError('Access denied: contractors only'));\n}" });
    const denied = (await t.admin({ method: 'POST', url: `/rules/${denier.id}/try`, payload: { user: USER } })).json();
    expect(denied).toEqual(expect.objectContaining({ outcome: 'deny', error: expect.objectContaining({ name: 'UnauthorizedError', message: 'Access denied: contractors only', rule: 'denier' }) }));
    await t.admin({ method: 'DELETE', url: `/rules/${broken.id}` });
    await t.admin({ method: 'DELETE', url: `/rules/${denier.id}` });
  });

  it('runs on a login: claims and scopes for the tokens, execution records, metrics; a denial is a 401 and an f event naming the rule', async () => {
    const pipeline = t.app.get(LoginRules);
    const first = await create({ name: 'tenant-claim', order: 20, script: "function (user, context, callback) {\n  context.idToken['https://example.com/tenant'] = context.tenant + ':' + context.clientID + ':' + context.protocol;\n  context.accessToken.scope = context.accessToken.scope.concat(['extra']);\n  callback(null, user, context);\n}" });
    const body = await create({ name: 'no-password', order: 21, script: "function (user, context, callback) {\n  context.idToken['https://example.com/body'] = Object.keys(context.request.body).join(',');\n  callback(null, user, context);\n}" });
    const outcome = await pipeline.run(loginInput());
    expect(outcome.idTokenClaims).toEqual({ 'https://example.com/tenant': 'localhost:web:oauth2-password', 'https://example.com/body': 'username' });
    expect(outcome.scopes).toEqual(['openid', 'profile', 'extra']);
    expect(outcome.user.user_id).toBe(USER.user_id);

    const records = (await t.admin({ method: 'GET', url: `/rules/${first.id}/executions` })).json();
    expect(records).toEqual([expect.objectContaining({ outcome: 'allow', userId: USER.user_id, clientId: 'web', protocol: 'oauth2-password', ruleVersion: 1, error: null })]);

    const events = captureAuthEvents(t.app);
    const gate = await create({ name: 'email-verified-gate', order: 22, script: "function (user, context, callback) {\n  if (!user.email_verified) return callback(new UnauthorizedError('Please verify your email before logging in.'));\n  callback(null, user, context);\n}" });
    const unverified = loginInput({ user: { ...loginInput().user, email_verified: false } });
    const error = await pipeline.run(unverified).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect((error as LoginDeniedError).getStatus()).toBe(401);
    expect((error as LoginDeniedError).errorCode).toBe('unauthorized');
    expect((error as LoginDeniedError).message).toBe('Please verify your email before logging in.');
    expect((error as LoginDeniedError).rule).toBe('email-verified-gate');
    expect(events.ofType('f')).toEqual([expect.objectContaining({ user_id: USER.user_id, description: 'Please verify your email before logging in.', details: expect.objectContaining({ rule: 'email-verified-gate' }) })]);

    const gateRecords = (await t.admin({ method: 'GET', url: `/rules/${gate.id}/executions` })).json();
    expect(gateRecords[0]).toEqual(expect.objectContaining({ outcome: 'deny', error: { name: 'UnauthorizedError', message: 'Please verify your email before logging in.' } }));

    const metrics = (await t.inject({ method: 'GET', url: '/-/metrics' })).body;
    expect(metrics).toMatch(/rule_executions_total\{rule="tenant-claim",outcome="allow"\} 2/);
    expect(metrics).toMatch(/rule_executions_total\{rule="email-verified-gate",outcome="deny"\} 1/);
    expect(metrics).toMatch(/rule_execution_duration_seconds_count\{rule="no-password"\} 2/);
    for (const id of [first.id, body.id, gate.id]) await t.admin({ method: 'DELETE', url: `/rules/${id}` });
  });

  it('deletes execution records older than the retention window', async () => {
    const rule = await create({ name: 'retained', script: 'function (user, context, callback) { callback(null, user, context); }' });
    const old = new Date(Date.now() - 30 * 86_400_000);
    await t.prisma.ruleExecution.createMany({
      data: [
        { runId: '00000000-0000-4000-8000-000000000001', ruleId: rule.id, ruleVersion: 1, outcome: 'allow', durationMs: 1, createdAt: old },
        { runId: '00000000-0000-4000-8000-000000000002', ruleId: rule.id, ruleVersion: 1, outcome: 'allow', durationMs: 1 },
      ],
    });
    expect(await t.app.get(RuleExecutionRecorder).sweep()).toBe(1);
    const left = (await t.admin({ method: 'GET', url: `/rules/${rule.id}/executions` })).json();
    expect(left.map((r: { runId: string }) => r.runId)).toEqual(['00000000-0000-4000-8000-000000000002']);
  });

  it('starts a sandbox thread with the service when definitions are enabled, and none otherwise', async () => {
    expect(t.app.get(RulesSandbox).stats.threads).toBeGreaterThan(0); // this app has run logins
    const restarted = await createTestApp({ database: t.database });
    try {
      expect((await restarted.admin({ method: 'GET', url: '/rules' })).json().some((r: { enabled: boolean }) => r.enabled)).toBe(true);
      expect(restarted.app.get(RulesSandbox).stats.threads).toBe(1);
    } finally {
      await restarted.close();
    }
    const empty = await createTestApp();
    try {
      expect(empty.app.get(RulesSandbox).stats.threads).toBe(0);
    } finally {
      await empty.close();
    }
  });
});
