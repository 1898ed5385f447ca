import { decodeJwt } from 'jose';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import type { IdentityUser, OnAuthenticated } from '../../src/identity/identity.types';
import { LoginDeniedError, LoginRules } from '../../src/rules/login-rules.port';
import { auth0SchemaProblems, captureAuthEvents, CapturedEvents } from '../utils/auth-events';
import { createTestApp, TEST_DEMO_PASSWORD, TestApp } from '../utils/test-app';

// The pipeline against the built-in local tenant: metadata writes persist in the identity
// provider, and claims reach the tokens the tenant signs. The hook is wired the way the login flow
// wires it (LoginRules.run inside the provider's OnAuthenticated).

describe('rules with the local tenant identity provider', () => {
  let t: TestApp;
  let idp: IdentityProvider;
  let rules: LoginRules;
  let events: CapturedEvents;
  let demo: IdentityUser;

  const onAuthenticated: OnAuthenticated = async (user, protocol) => {
    const outcome = await rules.run({
      user,
      protocol,
      client: { clientId: 'app', name: 'app' },
      connection: { id: 'con_DevelopmentUser1', name: 'Username-Password-Authentication', strategy: 'auth0' },
      request: { ip: '198.51.100.4', userAgent: 'jest' },
      scopes: ['openid', 'profile', 'email'],
    });
    return { idToken: outcome.idTokenClaims, accessToken: outcome.accessTokenClaims };
  };
  const login = () => idp.loginWithPassword({ clientId: 'app', clientSecret: 'app-development-secret', username: 'demo@example.com', password: TEST_DEMO_PASSWORD, scope: 'openid profile email', onAuthenticated });
  const create = async (body: Record<string, unknown>) => {
    const res = await t.admin({ method: 'POST', url: '/rules', payload: body });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    idp = t.app.get(IDENTITY_PROVIDER);
    rules = t.app.get(LoginRules);
    events = captureAuthEvents(t.app);
    demo = (await idp.getUsersByEmail('demo@example.com'))[0];
  });
  afterAll(() => t.close());

  it("persists a rule's updateAppMetadata and an action's batched changes, and puts the claims into the tokens", async () => {
    const ids = [
      await create({
        name: 'count-logins',
        order: 1,
        script: "function (user, context, callback) {\n  user.app_metadata = user.app_metadata || {};\n  user.app_metadata.logins_seen = (user.app_metadata.logins_seen || 0) + 1;\n  auth0.users.updateAppMetadata(user.user_id, user.app_metadata).then(function () { callback(null, user, context); }, callback);\n}",
      }),
      await create({ name: 'roles', order: 2, script: "function (user, context, callback) {\n  context.idToken['https://gateway.local/roles'] = user.email.endsWith('@example.com') ? ['staff'] : [];\n  callback(null, user, context);\n}" }),
      await create({ name: 'logins-claim', order: 3, script: "function (user, context, callback) {\n  context.accessToken['https://gateway.local/logins_seen'] = user.app_metadata.logins_seen;\n  callback(null, user, context);\n}" }),
      await create({ name: 'theme', order: 4, kind: 'action', script: "exports.onExecutePostLogin = async (event, api) => {\n  api.user.setUserMetadata('theme', 'dark');\n  api.idToken.setCustomClaim('https://gateway.local/theme', 'dark');\n};" }),
    ];
    const tokens = await login();
    const id = decodeJwt(tokens.id_token as string);
    const access = decodeJwt(tokens.access_token);
    expect(id['https://gateway.local/roles']).toEqual(['staff']);
    expect(id['https://gateway.local/theme']).toBe('dark');
    expect(access['https://gateway.local/logins_seen']).toBe(1);
    expect(await idp.userInfo(tokens.access_token)).toMatchObject({ 'https://gateway.local/logins_seen': 1 });

    const stored = await idp.getUser(demo.user_id);
    expect(stored.app_metadata).toEqual(expect.objectContaining({ logins_seen: 1 }));
    expect(stored.user_metadata).toEqual(expect.objectContaining({ theme: 'dark' }));

    await login();
    expect((await idp.getUser(demo.user_id)).app_metadata).toEqual(expect.objectContaining({ logins_seen: 2 }));
    for (const ruleId of ids) {
      const records = (await t.admin({ method: 'GET', url: `/rules/${ruleId}/executions` })).json();
      expect(records).toHaveLength(2);
      expect(records.every((r: { outcome: string; userId: string }) => r.outcome === 'allow' && r.userId === demo.user_id)).toBe(true);
    }
    for (const ruleId of ids) await t.admin({ method: 'DELETE', url: `/rules/${ruleId}` });
  });

  it('a dry run by userId reads the stored user and writes nothing', async () => {
    const before = await idp.getUser(demo.user_id);
    const ruleId = await create({ name: 'dry', enabled: false, script: "function (user, context, callback) {\n  auth0.users.updateAppMetadata(user.user_id, { dry: true }).then(function () { callback(null, user, context); });\n}" });
    const res = await t.admin({ method: 'POST', url: `/rules/${ruleId}/try`, payload: { userId: demo.user_id } });
    expect(res.json()).toEqual(expect.objectContaining({ outcome: 'allow', user: expect.objectContaining({ email: 'demo@example.com', app_metadata: expect.objectContaining({ dry: true }) }) }));
    expect((await idp.getUser(demo.user_id)).app_metadata).toEqual(before.app_metadata);
    await t.admin({ method: 'DELETE', url: `/rules/${ruleId}` });
  });

  it('a denying rule fails the login with 401 and an f event naming the rule; no tokens are issued', async () => {
    const ruleId = await create({ name: 'contractors-only', script: "function (user, context, callback) {\n  return callback(new UnauthorizedError('Only contractors may use this application.'));\n}" });
    events.clear();
    const error = await login().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect((error as LoginDeniedError).getStatus()).toBe(401);
    expect((error as LoginDeniedError).message).toBe('Only contractors may use this application.');
    // One failed login, one event: the pipeline's, naming the rule.
    const failures = events.ofType('f');
    expect(failures).toEqual([
      expect.objectContaining({ type: 'f', description: 'Only contractors may use this application.', user_id: demo.user_id, user_name: 'demo@example.com', client_id: 'app', ip: '198.51.100.4', details: expect.objectContaining({ rule: 'contractors-only' }) }),
    ]);
    expect(auth0SchemaProblems(failures[0])).toEqual([]);
    expect((error as LoginDeniedError).eventRecorded).toBe(true);
    expect(events.ofType('s')).toEqual([]);
    await t.admin({ method: 'DELETE', url: `/rules/${ruleId}` });
  });
});
