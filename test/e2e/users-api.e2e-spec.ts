import type { LightMyRequestResponse } from 'fastify';
import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { connectionId } from '../../src/local-tenant/import/connection-lookup';
import { SESSIONS_OF_DELETED_USERS, UserSessionsRevoker } from '../../src/users/sessions/user-sessions-revoker';
import { auth0SchemaProblems, captureAuthEvents, CapturedEvents } from '../utils/auth-events';
import { ProviderSetup, PROVIDERS_UNDER_TEST } from '../support/identity-providers';
import { createTestApp, expectErrorBody, TEST_ADMIN_KEY, TestApp } from '../utils/test-app';

const DB = 'Username-Password-Authentication';
const STAFF = 'Staff';
const HIDDEN = 'Hidden';
const PASSWORD = 'Str0ng-Passw0rd!';

const CONFIG = {
  ...DEVELOPMENT_CONFIG,
  managementClient: {
    supportedConnectionsMap: { [DB]: { connectionId: 'con_DevelopmentUser1' }, [STAFF]: { connectionId: connectionId({ name: STAFF }) } },
    defaultManagementConnectionName: DB,
  },
  localTenant: {
    ...DEVELOPMENT_CONFIG.localTenant,
    connections: [...DEVELOPMENT_CONFIG.localTenant.connections, { name: STAFF, requiresUsername: true }, { name: HIDDEN }],
  },
};

const ids = (res: LightMyRequestResponse) => (res.json() as Array<{ email: string }>).map((u) => u.email).sort();
const qs = (params: Record<string, string | string[]>) =>
  Object.entries(params)
    .flatMap(([k, v]) => ([] as string[]).concat(v).map((value) => `${encodeURIComponent(k)}=${encodeURIComponent(value)}`))
    .join('&');

describe.each(PROVIDERS_UNDER_TEST)('user-management API with $name (e2e)', (provider) => {
  let setup: ProviderSetup;
  let t: TestApp;
  let idp: IdentityProvider;
  let events: CapturedEvents;
  let revoked: jest.SpyInstance;
  const list = (params: Record<string, string | string[]> = {}) => t.admin({ method: 'GET', url: `/users?${qs(params)}` });
  const create = (payload: Record<string, unknown>) => t.admin({ method: 'POST', url: '/users', payload, headers: { 'user-agent': 'provisioning-service/2.1' } });
  const path = (id: string) => `/users/${encodeURIComponent(id)}`;
  let hiddenUser: string;

  beforeAll(async () => {
    setup = await provider.start(CONFIG);
    t = await createTestApp({ configDocument: setup.configDocument });
    idp = t.app.get(IDENTITY_PROVIDER);
    expect(idp.kind).toBe(provider.kind);
    events = captureAuthEvents(t.app);
    revoked = jest.spyOn(t.app.get<UserSessionsRevoker>(SESSIONS_OF_DELETED_USERS), 'revokeUserSessions');
    // Users of a connection the API does not manage, made directly through the provider.
    hiddenUser = (await idp.createUser({ connection: HIDDEN, email: 'hidden@example.com', password: PASSWORD, app_metadata: { groups: ['a'] }, nickname: 'ann' })).user_id;
    await idp.createUser({ connection: HIDDEN, email: 'ann.hidden@example.com', password: PASSWORD });
  });
  afterAll(async () => {
    await t.close();
    await setup.close();
  });
  beforeEach(() => {
    events.clear();
    revoked.mockClear();
  });

  describe('POST /users', () => {
    it('creates a user in the default connection and records who did it', async () => {
      const res = await create({ email: 'Grace@Example.com', password: PASSWORD, given_name: 'Grace', app_metadata: { plan: 'pro' } });
      expect(res.statusCode).toBe(201);
      const user = res.json();
      expect(user).toEqual({
        user_id: expect.stringMatching(/^auth0\|/),
        email: 'Grace@Example.com',
        email_verified: false,
        name: 'Grace@Example.com',
        nickname: 'Grace',
        given_name: 'Grace',
        app_metadata: { plan: 'pro' },
        user_metadata: {},
        identities: [{ connection: DB, provider: 'auth0', user_id: user.user_id.slice('auth0|'.length), isSocial: false }],
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const [sapi] = events.ofType('sapi').filter((e) => (e.details as { request: { path: string } }).request.path === '/users');
      expect(sapi).toMatchObject({
        type: 'sapi',
        description: 'Create a User',
        client_name: 'bootstrap',
        user_id: user.user_id,
        user_name: 'Grace@Example.com',
        connection: DB,
        ip: '127.0.0.1',
        user_agent: 'provisioning-service/2.1',
        details: {
          request: { method: 'post', path: '/users', channel: 'auth0-gateway', auth: { strategy: 'admin_api_key', credentials: { key_name: 'bootstrap' } }, body: { email: 'Grace@Example.com', password: '*****', connection: DB } },
          response: { statusCode: 201, body: { user_id: user.user_id } },
        },
      });
      expect(auth0SchemaProblems(sapi)).toEqual([]);
      expect(JSON.stringify(events.all())).not.toContain(PASSWORD);
      // Stored in the event store with the gateway's own events.
      expect(await t.prisma.logEvent.findFirst({ where: { logId: sapi.log_id } })).toMatchObject({ type: 'sapi', clientName: 'bootstrap', userId: user.user_id, stream: 'gateway' });
    });

    it('creates a user in another supported connection when asked', async () => {
      const res = await create({ connection: STAFF, email: 'staff-1@example.com', username: 'staff1', password: PASSWORD });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ username: 'staff1', identities: [{ connection: STAFF }] });
    });

    it('refuses invalid bodies, unsupported connections, duplicates and weak passwords in the error body', async () => {
      const invalid = expectErrorBody(await create({ email: 'not-an-email', password: 12, favourite: 'blue' }), 400, 'validation_failed');
      expect([...new Set((invalid.details as Array<{ path: string }>).map((d) => d.path))].sort()).toEqual(['email', 'favourite', 'password']);
      expect(expectErrorBody(await create({ connection: HIDDEN, email: 'x@example.com', password: PASSWORD }), 400, 'unsupported_connection').message).toContain(HIDDEN);
      expect(expectErrorBody(await create({ email: 'GRACE@example.com', password: PASSWORD }), 409, 'user_exists').message).toBe('The user already exists.');
      expectErrorBody(await create({ email: 'weak@example.com', password: 'weak' }), 400);
      expectErrorBody(await t.admin({ method: 'POST', url: '/users', payload: '{"email": ', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
      expect(events.ofType('sapi').filter((e) => (e.details as { request: { path: string } }).request.path === '/users')).toEqual([]);
      expect(await idp.getUsersByEmail('x@example.com')).toEqual([]);
    });
  });

  describe('GET /users/{id}', () => {
    it('shows a user of a supported connection', async () => {
      const [grace] = await idp.getUsersByEmail('grace@example.com');
      const res = await t.admin({ method: 'GET', url: path(grace.user_id) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ user_id: grace.user_id, email: 'Grace@Example.com', app_metadata: { plan: 'pro' } });
    });

    it('answers a user outside the supported connections exactly as an unknown user', async () => {
      const hidden = expectErrorBody(await t.admin({ method: 'GET', url: path(hiddenUser) }), 404, 'inexistent_user');
      const unknown = expectErrorBody(await t.admin({ method: 'GET', url: path('auth0|000000000000000000000000') }), 404, 'inexistent_user');
      expect({ ...hidden, requestId: '' }).toEqual({ ...unknown, requestId: '' });
      expectErrorBody(await t.admin({ method: 'GET', url: path('auth0|\u0001') }), 400, 'validation_failed');
      // Auth0 ids of enterprise connections can be long.
      expectErrorBody(await t.admin({ method: 'GET', url: path(`samlp|acme|${'x'.repeat(200)}`) }), 404, 'inexistent_user');
    });
  });

  describe('PATCH /users/{id}', () => {
    it('merges metadata at the first level, removes keys set to null, and records the change', async () => {
      const created = (await create({ email: 'patch@example.com', password: PASSWORD, app_metadata: { plan: 'free', roles: ['a'] }, user_metadata: { theme: 'dark' } })).json();
      events.clear();
      const res = await t.admin({ method: 'PATCH', url: path(created.user_id), payload: { given_name: 'Pat', app_metadata: { plan: 'pro', roles: null }, user_metadata: null } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ given_name: 'Pat', app_metadata: { plan: 'pro' }, user_metadata: {} });
      expect(res.json().app_metadata).not.toHaveProperty('roles');
      const sapi = events.ofType('sapi').find((e) => (e.details as { request: { path: string } }).request.path === path(created.user_id));
      expect(sapi).toMatchObject({ description: 'Update a User', user_id: created.user_id, details: { request: { method: 'patch', body: { given_name: 'Pat' } }, response: { statusCode: 200 } } });
    });

    it('refuses to change users it may not see, empty and invalid bodies, unsupported connections and taken usernames', async () => {
      expectErrorBody(await t.admin({ method: 'PATCH', url: path(hiddenUser), payload: { given_name: 'Nope' } }), 404, 'inexistent_user');
      expect((await idp.getUser(hiddenUser)).given_name).toBeUndefined();
      const [grace] = await idp.getUsersByEmail('grace@example.com');
      expectErrorBody(await t.admin({ method: 'PATCH', url: path(grace.user_id), payload: {} }), 400, 'validation_failed');
      expectErrorBody(await t.admin({ method: 'PATCH', url: path(grace.user_id), payload: { app_metadata: [1] } }), 400, 'validation_failed');
      expectErrorBody(await t.admin({ method: 'PATCH', url: path(grace.user_id), payload: { blocked: 'yes' } }), 400, 'validation_failed');
      expectErrorBody(await t.admin({ method: 'PATCH', url: path(grace.user_id), payload: { connection: HIDDEN, email: 'g2@example.com' } }), 400, 'unsupported_connection');
      const second = (await create({ connection: STAFF, email: 'staff-2@example.com', username: 'staff2', password: PASSWORD })).json();
      expectErrorBody(await t.admin({ method: 'PATCH', url: path(second.user_id), payload: { username: 'staff1' } }), 409);
      expect((await idp.getUser(grace.user_id)).email).toBe('Grace@Example.com');
    });
  });

  describe('DELETE /users/{id}', () => {
    it("deletes the user, revokes the user's gateway sessions, and records it", async () => {
      const created = (await create({ email: 'leaving@example.com', password: PASSWORD })).json();
      events.clear();
      const res = await t.admin({ method: 'DELETE', url: path(created.user_id) });
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expect(revoked).toHaveBeenCalledWith(created.user_id, expect.objectContaining({ path: path(created.user_id), actor: expect.objectContaining({ kind: 'admin_api_key' }) }));
      expectErrorBody(await t.admin({ method: 'GET', url: path(created.user_id) }), 404, 'inexistent_user');
      expect(await idp.getUsersByEmail('leaving@example.com')).toEqual([]);
      expect(events.ofType('sapi').find((e) => (e.details as { request: { path: string } }).request.path === path(created.user_id))).toMatchObject({
        description: 'Delete a User',
        user_id: created.user_id,
        user_name: 'leaving@example.com',
        details: { request: { method: 'delete' }, response: { statusCode: 204 } },
      });
    });

    it('does not delete users it may not see, nor pretend to delete unknown ones', async () => {
      expectErrorBody(await t.admin({ method: 'DELETE', url: path(hiddenUser) }), 404, 'inexistent_user');
      expectErrorBody(await t.admin({ method: 'DELETE', url: path('auth0|000000000000000000000000') }), 404, 'inexistent_user');
      expect((await idp.getUser(hiddenUser)).email).toBe('hidden@example.com');
      expect(revoked).not.toHaveBeenCalled();
      expect(events.ofType('sapi').filter((e) => (e.details as { request: { channel?: string } }).request.channel === 'auth0-gateway')).toEqual([]);
    });
  });

  describe('GET /users', () => {
    beforeAll(async () => {
      const people: Array<Record<string, unknown>> = [
        { email: 'ann.lee@example.com', nickname: 'ann', app_metadata: { groups: ['a'], plan: 'pro' } },
        { email: 'ann.kim@example.com', nickname: 'annie', app_metadata: { groups: ['b'], plan: 'free' } },
        { email: 'bob@example.com', nickname: 'bob', app_metadata: { groups: ['c'], plan: 'pro' } },
        { email: 'carol@other.org', nickname: 'x") OR (identities.connection:*', app_metadata: { groups: ['a', 'b'], plan: 'free' } },
        { email: 'dan@other.org', nickname: 'rock AND roll', app_metadata: { team: 'R AND D' } },
      ];
      for (const person of people) expect((await create({ ...person, password: PASSWORD })).statusCode).toBe(201);
      expect((await create({ connection: STAFF, email: 'ann.staff@example.com', username: 'annstaff', password: PASSWORD })).statusCode).toBe(201);
    });

    it('lists the users of the supported connections only, with x-total-count', async () => {
      const res = await list({ _l: '100' });
      expect(res.statusCode).toBe(200);
      const emails = ids(res);
      expect(emails).toEqual(expect.arrayContaining(['Grace@Example.com', 'ann.lee@example.com', 'ann.staff@example.com', 'demo@example.com', 'staff-1@example.com']));
      expect(emails.filter((e) => e.includes('hidden'))).toEqual([]);
      expect(res.headers['x-total-count']).toBe(String(emails.length));
      expect(res.headers.link).toBeUndefined();
    });

    it('pages with _l and _sk and links the next and previous pages', async () => {
      const all = (await list({ _l: '100' })).json() as Array<{ user_id: string }>;
      const res = await list({ _l: '2', _sk: '1' });
      expect((res.json() as Array<{ user_id: string }>).map((u) => u.user_id)).toEqual(all.slice(2, 4).map((u) => u.user_id));
      expect(res.headers['x-total-count']).toBe(String(all.length));
      expect(res.headers.link).toBe('</users?_l=2&_sk=2>; rel="next", </users?_l=2&_sk=0>; rel="prev"');
      expect((await list({})).json()).toHaveLength(Math.min(25, all.length));
    });

    it('filters by email (exact, case-insensitive, or with wildcards), nickname and username', async () => {
      expect(ids(await list({ email: 'ANN.LEE@example.com' }))).toEqual(['ann.lee@example.com']);
      expect(ids(await list({ email: 'ann*' }))).toEqual(['ann.kim@example.com', 'ann.lee@example.com', 'ann.staff@example.com']);
      expect(ids(await list({ email: '*@other.org' }))).toEqual(['carol@other.org', 'dan@other.org']);
      expect(ids(await list({ nickname: 'ann' }))).toEqual(['ann.lee@example.com']);
      expect(ids(await list({ username: 'annstaff' }))).toEqual(['ann.staff@example.com']);
    });

    it('restricts to the connections asked for, ORed, and refuses unsupported ones', async () => {
      expect(ids(await list({ connection: STAFF }))).toEqual(['ann.staff@example.com', 'staff-1@example.com', 'staff-2@example.com']);
      expect(ids(await list({ connection: [STAFF, DB], email: 'ann*' }))).toEqual(['ann.kim@example.com', 'ann.lee@example.com', 'ann.staff@example.com']);
      expect(expectErrorBody(await list({ connection: [DB, HIDDEN] }), 400, 'unsupported_connection').details).toEqual([{ path: 'connection[1]', message: expect.stringContaining(DB) }]);
    });

    it('filters on app_metadata paths: values of one path ORed, paths ANDed', async () => {
      expect(ids(await list({ 'app_metadata.groups': ['a', 'b'] }))).toEqual(['ann.kim@example.com', 'ann.lee@example.com', 'carol@other.org']);
      expect(ids(await list({ 'app_metadata.groups': ['a', 'b'], 'app_metadata.plan': 'pro' }))).toEqual(['ann.lee@example.com']);
      expect(ids(await list({ 'app_metadata.plan': 'pr*' }))).toEqual(['Grace@Example.com', 'ann.lee@example.com', 'bob@example.com', 'patch@example.com']);
      expect(ids(await list({ 'app_metadata.team': 'R AND D' }))).toEqual(['dan@other.org']);
      expectErrorBody(await list({ 'app_metadata.a b': 'x' }), 400, 'validation_failed');
    });

    it('reads filter values literally: quotes, parentheses and operator words cannot change the query', async () => {
      expect(ids(await list({ nickname: 'x") OR (identities.connection:*' }))).toEqual(['carol@other.org']);
      expect(ids(await list({ nickname: 'rock AND roll' }))).toEqual(['dan@other.org']);
      expect(ids(await list({ nickname: 'rock AND*' }))).toEqual(['dan@other.org']);
      expect(ids(await list({ nickname: 'x") OR (identities.connection:*', email: 'bob@example.com' }))).toEqual([]);
    });

    it('ANDs a raw q, which cannot reach users of other connections', async () => {
      expect(ids(await list({ q: 'app_metadata.plan:"pro"' }))).toEqual(['Grace@Example.com', 'ann.lee@example.com', 'bob@example.com', 'patch@example.com']);
      expect(ids(await list({ q: `identities.connection:"${HIDDEN}"` }))).toEqual([]);
      const widened = ids(await list({ q: 'email:hidden* OR identities.connection:*', _l: '100' }));
      expect(widened.some((e) => e.includes('hidden'))).toBe(false);
      expect(expectErrorBody(await list({ q: 'a) OR (identities.connection:*' }), 400, 'invalid_query').message).toContain('unexpected closing parenthesis');
    });

    it("answers the provider's refusal of a query or a page with its 400 and message", async () => {
      const unknownField = expectErrorBody(await list({ q: 'favourite_colour:blue' }), 400);
      expect(unknownField.message).toContain('favourite_colour');
      expectErrorBody(await list({ _l: '100', _sk: '10' }), 400);
    });

    it('refuses bad paging and unknown parameters', async () => {
      for (const params of <Array<Record<string, string>>>[{ _l: '0' }, { _l: '101' }, { _l: 'ten' }, { _sk: '-1' }, { _sk: '1.5' }, { colour: 'blue' }, { email: '' }]) {
        expect({ params, status: (await list(params)).statusCode }).toEqual({ params, status: 400 });
      }
      expect(expectErrorBody(await list({ _l: '101' }), 400, 'validation_failed').details).toEqual([{ path: '_l', message: '_l must not be greater than 100' }]);
    });

    it('records no event for reads', async () => {
      await list({ email: 'ann*' });
      expect(events.ofType('sapi')).toEqual([]);
    });
  });

  it('reached the users through the provider under test', () => {
    if (provider.kind === 'local') return expect(setup.requests).toEqual([]);
    expect(setup.requests).toEqual(expect.arrayContaining(['/local-tenant/oauth/token', '/local-tenant/api/v2/users']));
    expect(setup.requests.filter((p) => p.startsWith('/local-tenant/api/v2/users/')).length).toBeGreaterThan(5);
  });

  it('needs an admin key with users:read to read and users:write to change', async () => {
    expectErrorBody(await t.inject({ method: 'GET', url: '/users' }), 401, 'missing_api_key');
    const key = (await t.admin({ method: 'POST', url: '/admin/api-keys', payload: { name: `reader-${provider.kind}`, scopes: ['users:read'] } })).json().key as string;
    const asReader = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => t.inject({ method, url, payload, headers: { 'x-api-key': key } });
    expect((await asReader('GET', '/users')).statusCode).toBe(200);
    expectErrorBody(await asReader('POST', '/users', { email: 'r@example.com', password: PASSWORD }), 403, 'insufficient_scope');
    expectErrorBody(await asReader('DELETE', path(hiddenUser)), 403, 'insufficient_scope');
    expect(TEST_ADMIN_KEY).not.toBe(key);
  });
});

describe('user-management API without a default or any supported connection (e2e)', () => {
  it('answers 400 no_default_connection to a creation without connection, and shows no user when no connection is supported', async () => {
    const t = await createTestApp({ configDocument: { ...DEVELOPMENT_CONFIG, managementClient: { supportedConnections: [DB] } } });
    try {
      expectErrorBody(await t.admin({ method: 'POST', url: '/users', payload: { email: 'a@example.com', password: PASSWORD } }), 400, 'no_default_connection');
      expect((await t.admin({ method: 'POST', url: '/users', payload: { email: 'a@example.com', password: PASSWORD, connection: DB } })).statusCode).toBe(201);
      expect(ids(await t.admin({ method: 'GET', url: '/users' }))).toEqual(['a@example.com', 'demo@example.com']);
    } finally {
      await t.close();
    }
    const none = await createTestApp({ configDocument: { ...DEVELOPMENT_CONFIG, managementClient: {} } });
    try {
      const res = await none.admin({ method: 'GET', url: '/users' });
      expect([res.statusCode, res.json(), res.headers['x-total-count']]).toEqual([200, [], '0']);
      const [demo] = await none.app.get<IdentityProvider>(IDENTITY_PROVIDER).getUsersByEmail('demo@example.com');
      expectErrorBody(await none.admin({ method: 'GET', url: `/users/${encodeURIComponent(demo.user_id)}` }), 404, 'inexistent_user');
      expectErrorBody(await none.admin({ method: 'POST', url: '/users', payload: { email: 'b@example.com', password: PASSWORD } }), 400, 'no_default_connection');
    } finally {
      await none.close();
    }
  });
});
