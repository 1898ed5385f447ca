import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { connectionId } from '../../src/local-tenant/import/connection-lookup';
import { auth0SchemaProblems, captureAuthEvents, CapturedEvents } from '../utils/auth-events';
import { errorShape, identityFailure } from '../utils/identity-errors';
import { createTestApp, TEST_DEMO_PASSWORD, TestApp } from '../utils/test-app';
import { createTestDatabase } from '../utils/test-database';

const DB = 'Username-Password-Authentication';
const STAFF = 'Staff';
const ADMIN = { ip: '192.0.2.50', userAgent: 'admin-console' };

const failure = identityFailure;
const shape = errorShape;

const CONFIG = {
  ...DEVELOPMENT_CONFIG,
  clients: { ...DEVELOPMENT_CONFIG.clients, staff: { clientSecret: 'staff-secret', supportedConnections: [STAFF] } },
  localTenant: {
    ...DEVELOPMENT_CONFIG.localTenant,
    connections: [
      ...DEVELOPMENT_CONFIG.localTenant.connections,
      { name: STAFF, requiresUsername: true, passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigit: true, requireSpecial: true } },
    ],
  },
};

describe('local tenant: users through the identity port (e2e)', () => {
  let t: TestApp;
  let idp: IdentityProvider;
  let events: CapturedEvents;

  beforeAll(async () => {
    t = await createTestApp({ configDocument: CONFIG });
    idp = t.app.get(IDENTITY_PROVIDER);
    events = captureAuthEvents(t.app);
  });
  afterAll(() => t.close());
  beforeEach(() => events.clear());

  it('lists the configured database connections with their con_ ids', async () => {
    expect(await idp.listConnections()).toEqual([
      { id: 'con_DevelopmentUser1', name: DB, strategy: 'auth0' },
      { id: connectionId({ name: STAFF }), name: STAFF, strategy: 'auth0' },
    ]);
  });

  it('creates a user as Auth0 does: auth0|24-hex id, identities, defaults, no password in the answer; logs ss + sapi', async () => {
    const user = await idp.createUser(
      { connection: DB, email: 'Grace@Example.com', password: 'Hopper-1906', given_name: 'Grace', app_metadata: { plan: 'pro' }, user_metadata: { theme: 'dark' } },
      ADMIN,
    );
    expect(user).toEqual({
      user_id: expect.stringMatching(/^auth0\|[0-9a-f]{24}$/),
      email: 'Grace@Example.com',
      email_verified: false,
      name: 'Grace@Example.com',
      nickname: 'Grace',
      given_name: 'Grace',
      app_metadata: { plan: 'pro' },
      user_metadata: { theme: 'dark' },
      identities: [{ connection: DB, provider: 'auth0', user_id: user.user_id.slice('auth0|'.length), isSocial: false }],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(await idp.getUser(user.user_id)).toEqual(user);
    const row = await t.prisma.localUser.findUniqueOrThrow({ where: { id: user.user_id.slice(6) } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    expect(events.all().map((e) => e.type)).toEqual(['ss', 'sapi']);
    for (const event of events.all()) expect(auth0SchemaProblems(event)).toEqual([]);
    expect(events.ofType('ss')[0]).toMatchObject({ user_id: user.user_id, user_name: 'Grace@Example.com', connection: DB, ip: ADMIN.ip, details: { body: { password: '*****', email: 'Grace@Example.com' } } });
    expect(JSON.stringify(events.all())).not.toContain('Hopper-1906');
    expect(events.ofType('sapi')[0]).toMatchObject({ description: 'Create a User', details: { request: { method: 'post', path: '/api/v2/users' }, response: { statusCode: 201 } } });
  });

  it('keeps emails unique per connection, case-insensitively (409 user_exists), and logs fs', async () => {
    await idp.createUser({ connection: DB, email: 'dup@example.com', password: 'Dupl1cate-ok' });
    const clash = await failure(idp.createUser({ connection: DB, email: 'DUP@Example.COM', password: 'Dupl1cate-ok' }, ADMIN));
    expect(shape(clash)).toEqual({ status: 409, code: 'user_exists', message: 'The user already exists.' });
    expect(events.ofType('fs')).toHaveLength(1);
    expect(auth0SchemaProblems(events.ofType('fs')[0])).toEqual([]);
    // The same email in another connection is another user.
    const staff = await idp.createUser({ connection: STAFF, email: 'dup@example.com', username: 'dup', password: 'Dupl1cate-ok!!' });
    expect(staff.identities[0].connection).toBe(STAFF);
    expect((await idp.getUsersByEmail('Dup@example.com')).map((u) => u.identities[0].connection)).toEqual([DB, STAFF]);
  });

  it("applies each connection's password policy with Auth0's PasswordStrengthError", async () => {
    const weak = await failure(idp.createUser({ connection: STAFF, email: 'weak@example.com', username: 'weak', password: 'Short1' }));
    expect(shape(weak)).toEqual({ status: 400, code: 'invalid_password', message: 'PasswordStrengthError: Password is too weak' });
    expect(weak.details?.map((d) => d.message)).toEqual(['At least 12 characters in length', 'Contain special characters (e.g. !@#$%^&*)']);
    const noDigit = await failure(idp.createUser({ connection: DB, email: 'weak@example.com', password: 'NoDigitsHere' }));
    expect(noDigit.details?.map((d) => d.message)).toEqual(['Contain numbers (i.e. 0-9)']);
    expect(await t.prisma.localUser.count({ where: { emailNormalized: 'weak@example.com' } })).toBe(0);
  });

  it('requires a username where the connection requires_username, and refuses one elsewhere', async () => {
    expect(shape(await failure(idp.createUser({ connection: STAFF, email: 'nouser@example.com', password: 'Long-enough-1!' })))).toEqual({ status: 400, code: 'invalid_body', message: "Payload validation error: 'Missing required property: username'." });
    expect(shape(await failure(idp.createUser({ connection: DB, email: 'u@example.com', username: 'u', password: 'Passw0rd-ok' })))).toEqual({ status: 400, code: 'invalid_body', message: 'Cannot set username for connection without requires_username' });
    const user = await idp.createUser({ connection: STAFF, email: 'ops@example.com', username: 'Ops.Lead', password: 'Long-enough-1!' });
    expect(user.username).toBe('Ops.Lead');
    expect(shape(await failure(idp.createUser({ connection: STAFF, email: 'other@example.com', username: 'ops.lead', password: 'Long-enough-1!' })))).toEqual({ status: 409, code: 'username_exists', message: 'The username provided is in use already.' });
    // With requires_username the username logs in too (case-insensitively), in the client's connection.
    const tokens = await idp.loginWithPassword({ clientId: 'staff', clientSecret: 'staff-secret', username: 'OPS.LEAD', password: 'Long-enough-1!', scope: 'openid' });
    expect((await idp.userInfo(tokens.access_token)).sub).toBe(user.user_id);
    // A client type without that connection may not use it.
    expect(shape(await failure(idp.loginWithPassword({ clientId: 'app', clientSecret: 'app-development-secret', username: 'ops.lead', password: 'Long-enough-1!', connection: STAFF })))).toEqual({ status: 400, code: 'invalid_request', message: 'the connection is not enabled' });
  });

  it('validates what it is given: connection, email, password, metadata, user_id', async () => {
    expect(shape(await failure(idp.createUser({ connection: 'Nope', email: 'x@example.com', password: 'Passw0rd-ok' })))).toEqual({ status: 400, code: 'inexistent_connection', message: 'The connection does not exist.' });
    expect((await failure(idp.createUser({ connection: DB, email: 'not-an-email', password: 'Passw0rd-ok' }))).code).toBe('invalid_body');
    expect((await failure(idp.createUser({ connection: DB, password: 'Passw0rd-ok' }))).message).toBe("Payload validation error: 'Missing required property: email'.");
    expect((await failure(idp.createUser({ connection: DB, email: 'x@example.com' }))).message).toBe("Payload validation error: 'Missing required property: password'.");
    expect((await failure(idp.createUser({ connection: DB, email: 'x@example.com', password: 'Passw0rd-ok', app_metadata: [] as never }))).code).toBe('invalid_body');
    const custom = await idp.createUser({ connection: DB, email: 'custom-id@example.com', password: 'Passw0rd-ok', user_id: 'ABCDEF0123456789ABCDEF01' });
    expect(custom.user_id).toBe('auth0|abcdef0123456789abcdef01');
    expect(shape(await failure(idp.createUser({ connection: DB, email: 'other-id@example.com', password: 'Passw0rd-ok', user_id: 'abcdef0123456789abcdef01' })))).toMatchObject({ status: 409, code: 'user_exists' });
  });

  it('PATCH merges metadata at the first level and null deletes; logs sapi', async () => {
    const user = await idp.createUser({ connection: DB, email: 'meta@example.com', password: 'Passw0rd-ok', app_metadata: { plan: 'free', roles: ['a'], prefs: { x: 1 } }, user_metadata: { lang: 'en' } });
    const updated = await idp.updateUser(user.user_id, { app_metadata: { plan: 'pro', roles: null, prefs: { y: 2 } }, user_metadata: { tz: 'UTC' }, given_name: 'Meta' }, ADMIN);
    expect(updated.app_metadata).toEqual({ plan: 'pro', prefs: { y: 2 } });
    expect(updated.user_metadata).toEqual({ lang: 'en', tz: 'UTC' });
    expect(updated.given_name).toBe('Meta');
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(user.updated_at));
    expect((await idp.updateUser(user.user_id, { user_metadata: null })).user_metadata).toEqual({});
    const [patch] = events.ofType('sapi').filter((e) => e.description === 'Update a User');
    expect(patch).toMatchObject({ ip: ADMIN.ip, details: { request: { method: 'patch', path: `/api/v2/users/${encodeURIComponent(user.user_id)}` }, response: { statusCode: 200 } } });
    expect(auth0SchemaProblems(patch)).toEqual([]);
  });

  it('concurrent metadata patches of one user all land', async () => {
    const user = await idp.createUser({ connection: DB, email: 'race@example.com', password: 'Passw0rd-ok' });
    await Promise.all(Array.from({ length: 8 }, (_, i) => idp.updateUser(user.user_id, { app_metadata: { [`k${i}`]: i } })));
    expect(Object.keys((await idp.getUser(user.user_id)).app_metadata ?? {}).sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7']);
  });

  it('changes email (unverified again, unique) and password (policy, logs scp, old password stops working)', async () => {
    const user = await idp.createUser({ connection: DB, email: 'change@example.com', password: 'Old-Passw0rd', email_verified: true });
    await idp.createUser({ connection: DB, email: 'taken@example.com', password: 'Passw0rd-ok' });
    expect(shape(await failure(idp.updateUser(user.user_id, { email: 'TAKEN@example.com' })))).toEqual({ status: 400, code: 'email_exists', message: 'The specified new email already exists' });
    const moved = await idp.updateUser(user.user_id, { email: 'changed@example.com' });
    expect(moved).toMatchObject({ email: 'changed@example.com', email_verified: false });

    expect((await failure(idp.updateUser(user.user_id, { password: 'weak' }))).code).toBe('invalid_password');
    events.clear();
    const changed = await idp.updateUser(user.user_id, { password: 'New-Passw0rd' }, ADMIN);
    expect(changed.last_password_reset).toEqual(expect.any(String));
    expect(events.all().map((e) => e.type)).toEqual(['scp', 'sapi']);
    expect(auth0SchemaProblems(events.ofType('scp')[0])).toEqual([]);
    const login = (password: string) => idp.loginWithPassword({ clientId: 'app', clientSecret: 'app-development-secret', username: 'changed@example.com', password });
    expect((await failure(login('Old-Passw0rd'))).code).toBe('invalid_grant');
    await expect(login('New-Passw0rd')).resolves.toHaveProperty('access_token');
  });

  it('refuses empty patches, other connections and unknown users', async () => {
    const user = await idp.createUser({ connection: DB, email: 'patch@example.com', password: 'Passw0rd-ok' });
    expect(shape(await failure(idp.updateUser(user.user_id, {})))).toEqual({ status: 400, code: 'invalid_body', message: "Payload validation error: 'Too few properties defined (0), minimum 1'." });
    expect((await failure(idp.updateUser(user.user_id, { connection: STAFF, name: 'x' }))).code).toBe('invalid_body');
    expect(shape(await failure(idp.updateUser('auth0|000000000000000000000000', { name: 'x' })))).toEqual({ status: 404, code: 'inexistent_user', message: 'The user does not exist.' });
    expect(shape(await failure(idp.getUser('google-oauth2|123')))).toEqual({ status: 404, code: 'inexistent_user', message: 'The user does not exist.' });
  });

  it('deletes a user (sdu + sapi); deleting again or an unknown user succeeds quietly', async () => {
    const user = await idp.createUser({ connection: DB, email: 'gone@example.com', password: 'Passw0rd-ok' });
    events.clear();
    await idp.deleteUser(user.user_id, ADMIN);
    expect((await failure(idp.getUser(user.user_id))).code).toBe('inexistent_user');
    expect(events.all().map((e) => e.type)).toEqual(['sdu', 'sapi']);
    expect(events.ofType('sdu')[0]).toMatchObject({ user_id: user.user_id, user_name: 'gone@example.com', connection: DB, details: { body: { connection: DB } } });
    for (const event of events.all()) expect(auth0SchemaProblems(event)).toEqual([]);
    events.clear();
    await idp.deleteUser(user.user_id);
    await idp.deleteUser('auth0|000000000000000000000000');
    expect(events.all()).toEqual([]);
  });

  it('lists users with Auth0 search, paging envelope and fields / include_fields', async () => {
    for (const [i, plan] of ['pro', 'free', 'pro'].entries()) {
      await idp.createUser({ connection: DB, email: `list-${i}@lists.example.com`, password: 'Passw0rd-ok', app_metadata: { plan } });
    }
    const page = await idp.listUsers({ q: 'email:*@lists.example.com AND app_metadata.plan:"pro"', sort: 'email:1', perPage: 1, page: 1 });
    expect(page).toEqual({ start: 1, limit: 1, length: 1, total: 2, users: [expect.objectContaining({ email: 'list-2@lists.example.com', identities: [expect.objectContaining({ connection: DB })] })] });
    const picked = await idp.listUsers({ q: 'email:"LIST-0@lists.example.com"', fields: ['user_id', 'email'] });
    expect(picked.users).toEqual([{ user_id: expect.stringMatching(/^auth0\|/), email: 'list-0@lists.example.com' }]);
    const without = await idp.listUsers({ q: 'email:"list-0@lists.example.com"', fields: ['app_metadata', 'identities'], includeFields: false });
    expect(without.users[0]).not.toHaveProperty('app_metadata');
    expect(without.users[0]).toHaveProperty('email', 'list-0@lists.example.com');
    expect((await identityFailure(idp.listUsers({ q: 'email:(' }))).code).toBe('invalid_query');
    expect(shape(await identityFailure(idp.listUsers({ page: 20, perPage: 50 })))).toMatchObject({ status: 400, code: 'invalid_paging' });
  });

  it('finds users by email case-insensitively', async () => {
    expect((await idp.getUsersByEmail('DEMO@EXAMPLE.COM')).map((u) => u.email)).toEqual(['demo@example.com']);
    expect(await idp.getUsersByEmail('nobody@example.com')).toEqual([]);
  });

  describe('seed users', () => {
    it('creates the demo user at start and never overwrites it on a later start', async () => {
      const [demo] = await idp.getUsersByEmail('demo@example.com');
      expect(demo).toMatchObject({ name: 'Demo User', email_verified: true, identities: [{ connection: DB }] });
      await idp.updateUser(demo.user_id, { password: 'Changed-Passw0rd' });
      const restarted = await createTestApp({ configDocument: CONFIG, database: t.database });
      try {
        const again = restarted.app.get<IdentityProvider>(IDENTITY_PROVIDER);
        expect((await again.getUsersByEmail('demo@example.com')).map((u) => u.user_id)).toEqual([demo.user_id]);
        const login = (password: string) => again.loginWithPassword({ clientId: 'app', clientSecret: 'app-development-secret', username: 'demo@example.com', password });
        expect((await failure(login(TEST_DEMO_PASSWORD))).code).toBe('invalid_grant');
        await expect(login('Changed-Passw0rd')).resolves.toHaveProperty('access_token');
      } finally {
        await restarted.close();
      }
    });

    it('replicas starting together on an empty database create the seed user once', async () => {
      const database = await createTestDatabase();
      const started = await Promise.allSettled([1, 2, 3].map(() => createTestApp({ configDocument: CONFIG, database })));
      const apps = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      try {
        expect(started.filter((s) => s.status === 'rejected')).toEqual([]);
        const prisma = apps[0].prisma;
        expect(await prisma.localUser.count({ where: { emailNormalized: 'demo@example.com' } })).toBe(1);
        expect(await prisma.localSigningKey.count({ where: { status: 'current' } })).toBe(1);
      } finally {
        for (const app of apps) await app.close();
        await database.drop();
      }
    });
  });
});
