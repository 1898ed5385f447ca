import { AuthClient } from '@auth0/auth0-auth-js';
import { ManagementClient } from 'auth0';
import { decodeJwt } from 'jose';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { captureAuthEvents, CapturedEvents } from '../utils/auth-events';
import { createAuth0Adapter, FACADE_DOMAIN, facadeConfigDocument, listenOnLoopback, M2M, rewritingFetch } from '../utils/auth0-wiring';
import { errorShape, identityFailure } from '../utils/identity-errors';
import { createTestApp, expectErrorBody, TEST_DEMO_PASSWORD, TestApp } from '../utils/test-app';

const ISSUER = `https://${FACADE_DOMAIN}/`;
const APP = { clientId: 'app', clientSecret: 'app-development-secret' };
const CONNECTION_ID = 'con_DevelopmentUser1';
const DB = 'Username-Password-Authentication';

describe("local tenant facade: Auth0's wire formats, with Auth0's SDKs (e2e)", () => {
  let t: TestApp;
  let base: string;
  let sdkFetch: ReturnType<typeof rewritingFetch>;
  let events: CapturedEvents;

  beforeAll(async () => {
    t = await createTestApp({ configDocument: facadeConfigDocument() });
    events = captureAuthEvents(t.app);
    base = await listenOnLoopback(t);
    sdkFetch = rewritingFetch(FACADE_DOMAIN, base);
  });
  afterAll(() => t.close());

  const token = (payload: Record<string, string>, headers: Record<string, string> = {}) =>
    t.inject({ method: 'POST', url: '/local-tenant/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(payload).toString() });
  const m2mToken = async (scope?: string) => (await token({ grant_type: 'client_credentials', client_id: M2M.clientId, client_secret: M2M.clientSecret, ...(scope ? { scope } : {}) })).json().access_token as string;

  describe('Authentication API', () => {
    it('publishes discovery with the issuer at the base URL, and the JWKS', async () => {
      const discovery = await t.inject({ method: 'GET', url: '/local-tenant/.well-known/openid-configuration' });
      expect(discovery.json()).toMatchObject({ issuer: ISSUER, token_endpoint: `${ISSUER}oauth/token`, jwks_uri: `${ISSUER}.well-known/jwks.json`, userinfo_endpoint: `${ISSUER}userinfo` });
      const jwks = (await t.inject({ method: 'GET', url: '/local-tenant/.well-known/jwks.json' })).json();
      expect(jwks.keys).toHaveLength(2);
      expect(jwks.keys[0]).toEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: expect.any(String), alg: 'RS256', use: 'sig' });
    });

    it('takes the password grant as a form and as JSON, with client_secret_post or HTTP Basic', async () => {
      const fields = { grant_type: 'password', username: 'demo@example.com', password: TEST_DEMO_PASSWORD, scope: 'openid' };
      const asForm = await token({ ...fields, client_id: APP.clientId, client_secret: APP.clientSecret });
      expect(asForm.statusCode).toBe(200);
      expect(asForm.headers['cache-control']).toBe('no-store');
      expect(asForm.json()).toEqual({ access_token: expect.any(String), id_token: expect.any(String), token_type: 'Bearer', expires_in: 86400, scope: 'openid' });
      const asJson = await t.inject({ method: 'POST', url: '/local-tenant/oauth/token', payload: { ...fields, client_id: APP.clientId, client_secret: APP.clientSecret } });
      expect(asJson.statusCode).toBe(200);
      const basic = await token({ ...fields, grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: DB }, { authorization: `Basic ${Buffer.from(`${APP.clientId}:${APP.clientSecret}`).toString('base64')}` });
      expect(decodeJwt(basic.json().access_token)).toMatchObject({ azp: 'app', gty: 'password' });
    });

    it("answers errors as Auth0 does: {error, error_description} and Auth0's statuses", async () => {
      const wrong = await token({ grant_type: 'password', client_id: APP.clientId, client_secret: APP.clientSecret, username: 'demo@example.com', password: 'nope' });
      expect([wrong.statusCode, wrong.json()]).toEqual([403, { error: 'invalid_grant', error_description: 'Wrong email or password.' }]);
      const missing = await token({ grant_type: 'password', client_id: 'app' });
      expect([missing.statusCode, missing.json()]).toEqual([400, { error: 'invalid_request', error_description: 'Missing required parameter: username' }]);
      const unsupported = await token({ grant_type: 'urn:example:magic', client_id: 'app' });
      expect([unsupported.statusCode, unsupported.json()]).toEqual([400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type: urn:example:magic' }]);
      const badJson = await t.inject({ method: 'POST', url: '/local-tenant/oauth/token', headers: { 'content-type': 'application/json' }, payload: '{"grant_type":' });
      expect([badJson.statusCode, badJson.json()]).toEqual([400, { error: 'invalid_request', error_description: 'Invalid request payload JSON format' }]);
      const text = await t.inject({ method: 'POST', url: '/local-tenant/oauth/token', headers: { 'content-type': 'text/plain' }, payload: 'grant_type=password' });
      expect([text.statusCode, text.json()]).toEqual([400, { error: 'invalid_request', error_description: 'Unsupported content type: text/plain' }]);
    });

    it('keeps the gateway error body everywhere outside the facade', async () => {
      expectErrorBody(await t.inject({ method: 'GET', url: '/admin/api-keys' }), 401, 'missing_api_key');
      expectErrorBody(await t.inject({ method: 'GET', url: '/local-tenant/nothing-here' }), 404, 'route_not_found');
    });

    it("answers /userinfo, and says why a token is refused in WWW-Authenticate", async () => {
      const access = (await token({ grant_type: 'password', client_id: APP.clientId, client_secret: APP.clientSecret, username: 'demo@example.com', password: TEST_DEMO_PASSWORD, scope: 'openid email' })).json().access_token;
      const info = await t.inject({ method: 'GET', url: '/local-tenant/userinfo', headers: { authorization: `Bearer ${access}` } });
      expect(info.json()).toEqual({ sub: expect.stringMatching(/^auth0\|/), email: 'demo@example.com', email_verified: true });
      const refused = await t.inject({ method: 'GET', url: '/local-tenant/userinfo', headers: { authorization: 'Bearer nope' } });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['www-authenticate']).toBe('Bearer error="invalid_token", error_description="The token is not valid."');
    });

    it('records the end user address a confidential client forwards, never one a client without its secret names', async () => {
      events.clear();
      const email = `forwarded-${Date.now()}@example.com`;
      const idp = t.app.get<IdentityProvider>(IDENTITY_PROVIDER);
      const user = await idp.createUser({ connection: DB, email, password: 'Forward-Passw0rd' });
      await token({ grant_type: 'password', client_id: APP.clientId, client_secret: APP.clientSecret, username: email, password: 'Forward-Passw0rd' }, { 'auth0-forwarded-for': '203.0.113.9' });
      expect((await idp.getUser(user.user_id)).last_ip).toBe('203.0.113.9');
      // Without its secret a client cannot name another address: the caller's own is recorded.
      await token({ grant_type: 'authorization_code', client_id: 'web', code: 'no-such-code', redirect_uri: 'http://localhost:8080/oauth/callback', code_verifier: 'v'.repeat(43) }, { 'auth0-forwarded-for': '198.51.100.250' });
      const [failed] = events.ofType('feacft');
      expect(failed.ip).toBe('127.0.0.1');
    });

    it('works with AuthClient (@auth0/auth0-auth-js) unmodified: password, refresh, userinfo, revoke, client credentials', async () => {
      const client = new AuthClient({ domain: FACADE_DOMAIN, ...APP, customFetch: sdkFetch });
      const tokens = await client.getTokenByPassword({ username: 'demo@example.com', password: TEST_DEMO_PASSWORD, scope: 'openid profile email offline_access', realm: DB });
      expect(tokens.claims).toMatchObject({ iss: ISSUER, aud: 'app', email: 'demo@example.com' });
      const refreshed = await client.getTokenByRefreshToken({ refreshToken: tokens.refreshToken as string });
      expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
      expect(await client.getUserInfo({ accessToken: refreshed.accessToken })).toMatchObject({ email: 'demo@example.com' });
      await client.revokeToken({ token: refreshed.refreshToken as string, tokenTypeHint: 'refresh_token' });
      await expect(client.getTokenByRefreshToken({ refreshToken: refreshed.refreshToken as string })).rejects.toMatchObject({ cause: { error: 'invalid_grant' } });
      const m2m = new AuthClient({ domain: FACADE_DOMAIN, ...M2M, customFetch: sdkFetch });
      expect(decodeJwt((await m2m.getTokenByClientCredentials({ audience: `${ISSUER}api/v2/` })).accessToken)).toMatchObject({ sub: 'local-m2m@clients' });
    });
  });

  describe('Management API', () => {
    const management = () => new ManagementClient({ domain: FACADE_DOMAIN, ...M2M, fetch: sdkFetch });

    it('works with ManagementClient (auth0 7.x) unmodified: users, search with totals, by email, blocks, connections', async () => {
      const mc = management();
      const email = `managed-${Date.now()}@example.com`;
      const created = await mc.users.create({ connection: DB, email, password: 'Managed-Passw0rd', app_metadata: { plan: 'pro' } });
      expect(created).toMatchObject({ user_id: expect.stringMatching(/^auth0\|[0-9a-f]{24}$/), email, app_metadata: { plan: 'pro' } });
      const updated = await mc.users.update(created.user_id as string, { user_metadata: { theme: 'dark' } });
      expect(updated.user_metadata).toEqual({ theme: 'dark' });
      const page = await mc.users.list({ q: `email:"${email}"`, fields: 'email,user_id' });
      expect(page.response).toEqual({ start: 0, limit: 50, length: 1, total: 1, users: [{ email, user_id: created.user_id }] });
      expect((await mc.users.listUsersByEmail({ email: email.toUpperCase() })).map((u) => u.user_id)).toEqual([created.user_id]);
      expect(await mc.users.get(created.user_id as string, { fields: 'email', include_fields: true })).toEqual({ email });
      await mc.userBlocks.delete(created.user_id as string);
      await mc.users.delete(created.user_id as string);
      await expect(mc.users.get(created.user_id as string)).rejects.toMatchObject({ statusCode: 404, body: { statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user' } });
      const connections = [];
      for await (const connection of await mc.connections.list({ strategy: ['auth0'] })) connections.push(connection);
      expect(connections).toEqual([{ id: CONNECTION_ID, name: DB, strategy: 'auth0' }]);
    });

    it('answers a bare array without include_totals, and 201 / 204 / 409 where Auth0 does', async () => {
      const bearer = { authorization: `Bearer ${await m2mToken()}` };
      const list = await t.inject({ method: 'GET', url: '/local-tenant/api/v2/users?q=email:demo*', headers: bearer });
      expect(list.json()).toEqual([expect.objectContaining({ email: 'demo@example.com' })]);
      const body = { connection: DB, email: `raw-${Date.now()}@example.com`, password: 'Raw-Passw0rd1' };
      const created = await t.inject({ method: 'POST', url: '/local-tenant/api/v2/users', headers: bearer, payload: body });
      expect(created.statusCode).toBe(201);
      const again = await t.inject({ method: 'POST', url: '/local-tenant/api/v2/users', headers: bearer, payload: body });
      expect([again.statusCode, again.json()]).toEqual([409, { statusCode: 409, error: 'Conflict', message: 'The user already exists.', errorCode: 'user_exists' }]);
      const unknownField = await t.inject({ method: 'POST', url: '/local-tenant/api/v2/users', headers: bearer, payload: { ...body, colour: 'blue' } });
      expect(unknownField.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: "Payload validation error: 'Additional properties not allowed: colour'.", errorCode: 'invalid_body' });
      const removed = await t.inject({ method: 'DELETE', url: `/local-tenant/api/v2/users/${encodeURIComponent(created.json().user_id)}`, headers: bearer });
      expect([removed.statusCode, removed.body]).toEqual([204, '']);
    });

    it('wants a Management API token of the tenant (401) with the route scope (403 insufficient_scope)', async () => {
      const missing = await t.inject({ method: 'GET', url: '/local-tenant/api/v2/users' });
      expect([missing.statusCode, missing.json()]).toEqual([401, { statusCode: 401, error: 'Unauthorized', message: 'Missing authentication', errorCode: 'invalid_token' }]);
      const userToken = (await token({ grant_type: 'password', client_id: APP.clientId, client_secret: APP.clientSecret, username: 'demo@example.com', password: TEST_DEMO_PASSWORD })).json().access_token;
      expect((await t.inject({ method: 'GET', url: '/local-tenant/api/v2/users', headers: { authorization: `Bearer ${userToken}` } })).json()).toMatchObject({ statusCode: 401, errorCode: 'invalid_token' });
      // A user may log in for the Management API's audience and ask for any scope: the token grants nothing there.
      const asked = await token({ grant_type: 'password', client_id: APP.clientId, client_secret: APP.clientSecret, username: 'demo@example.com', password: TEST_DEMO_PASSWORD, audience: `${ISSUER}api/v2/`, scope: 'read:users' });
      expect(decodeJwt(asked.json().access_token)).toMatchObject({ aud: `${ISSUER}api/v2/`, scope: 'read:users' });
      const escalated = await t.inject({ method: 'GET', url: '/local-tenant/api/v2/users', headers: { authorization: `Bearer ${asked.json().access_token}` } });
      expect([escalated.statusCode, escalated.json().errorCode]).toEqual([403, 'insufficient_scope']);
      const readOnly = { authorization: `Bearer ${await m2mToken('read:users')}` };
      const refused = await t.inject({ method: 'POST', url: '/local-tenant/api/v2/users', headers: readOnly, payload: { connection: DB } });
      expect([refused.statusCode, refused.json()]).toEqual([403, { statusCode: 403, error: 'Forbidden', message: 'Insufficient scope, expected any of: create:users', errorCode: 'insufficient_scope' }]);
      expect((await t.inject({ method: 'DELETE', url: '/local-tenant/api/v2/user-blocks/auth0%7Cx', headers: readOnly })).statusCode).toBe(403);
    });

    it('imports a multipart file through ManagementClient, answers 413 above 500 KB and 204 for a job without errors', async () => {
      const mc = management();
      const users = Buffer.from(JSON.stringify([{ email: `imported-${Date.now()}@example.com` }]));
      const job = await mc.jobs.usersImports.create({ users: { data: users, filename: 'users.json' }, connection_id: CONNECTION_ID, upsert: true, external_id: 'facade-1', send_completion_email: false });
      expect(job).toMatchObject({ status: 'pending', type: 'users_import', connection_id: CONNECTION_ID, external_id: 'facade-1' });
      let status = job.status;
      for (let i = 0; i < 100 && status !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await mc.jobs.get(job.id as string)).status;
      }
      expect(status).toBe('completed');
      const errors = await t.inject({ method: 'GET', url: `/local-tenant/api/v2/jobs/${job.id}/errors`, headers: { authorization: `Bearer ${await m2mToken()}` } });
      expect([errors.statusCode, errors.body]).toEqual([204, '']);
      await expect(mc.jobs.usersImports.create({ users: { data: Buffer.alloc(500 * 1024 + 10, 0x20) }, connection_id: CONNECTION_ID })).rejects.toMatchObject({
        statusCode: 413,
        body: { statusCode: 413, error: 'Payload Too Large', message: 'The users file is too large; the maximum size is 500 KB', errorCode: 'too_large' },
      });
      await expect(mc.jobs.usersImports.create({ users: { data: users }, connection_id: '' })).rejects.toMatchObject({ statusCode: 400, body: { errorCode: 'invalid_body' } });
      const form = new FormData();
      form.append('users', new Blob([users]), 'users.json');
      form.append('connection_id', CONNECTION_ID);
      form.append('upsert', 'maybe');
      const request = new Request('http://multipart.test/', { method: 'POST', body: form });
      const badFlag = await t.inject({
        method: 'POST',
        url: '/local-tenant/api/v2/jobs/users-imports',
        headers: { authorization: `Bearer ${await m2mToken()}`, 'content-type': request.headers.get('content-type') as string },
        payload: Buffer.from(await request.arrayBuffer()),
      });
      expect([badFlag.statusCode, badFlag.json().message]).toEqual([400, "Payload validation error: 'Expected type boolean but found type string: maybe' on property upsert."]);
    });

    it('shares one Management API token among the calls of the adapter (the SDK caches it)', async () => {
      const counted = rewritingFetch(FACADE_DOMAIN, base);
      const adapter = await createAuth0Adapter({ fetch: counted });
      try {
        // Eight calls at once on a fresh client wait for one token request, later calls reuse the token.
        const found = await Promise.all(Array.from({ length: 8 }, () => adapter.provider.getUsersByEmail('demo@example.com')));
        expect(found.map((users) => users.length)).toEqual(Array(8).fill(1));
        await adapter.provider.getUser(found[0][0].user_id);
        await adapter.provider.listUsers({ q: 'email:demo*' });
        const tokenRequests = counted.requests.filter((r) => r.path === '/local-tenant/oauth/token');
        const apiRequests = counted.requests.filter((r) => r.path.startsWith('/local-tenant/api/v2/'));
        expect({ tokenRequests: tokenRequests.length, apiRequests: apiRequests.length }).toEqual({ tokenRequests: 1, apiRequests: 10 });
      } finally {
        await adapter.close();
      }
    });

    it('a Management API client without a permission is the gateway misconfigured: 502, with the upstream code named', async () => {
      const narrow = await createTestApp({
        configDocument: facadeConfigDocument({ localTenant: { m2mClients: [{ clientId: 'narrow', clientSecret: 'narrow-secret-0123456789', scopes: ['read:users'] }] } }),
      });
      try {
        const narrowBase = await listenOnLoopback(narrow);
        const adapter = await createAuth0Adapter({ fetch: rewritingFetch(FACADE_DOMAIN, narrowBase), clientId: 'narrow', clientSecret: 'narrow-secret-0123456789' });
        try {
          await expect(adapter.provider.getUsersByEmail('demo@example.com')).resolves.toHaveLength(1);
          expect(errorShape(await identityFailure(adapter.provider.deleteUser('auth0|000000000000000000000000')))).toEqual({
            status: 502,
            code: 'upstream_forbidden',
            message: "Auth0 refused the gateway's Management API client (insufficient_scope): Insufficient scope, expected any of: delete:users",
          });
        } finally {
          await adapter.close();
        }
        const wrongSecret = await createAuth0Adapter({ fetch: rewritingFetch(FACADE_DOMAIN, narrowBase), clientId: 'narrow', clientSecret: 'wrong' });
        try {
          expect(errorShape(await identityFailure(wrongSecret.provider.getUsersByEmail('demo@example.com')))).toEqual({
            status: 502,
            code: 'upstream_unauthorized',
            message: "Auth0 refused the gateway's Management API client (access_denied): Unauthorized",
          });
        } finally {
          await wrongSecret.close();
        }
      } finally {
        await narrow.close();
      }
    });

    it('rate limits each client as Auth0 does, with x-ratelimit-* headers on every answer', async () => {
      const limited = await createTestApp({ configDocument: facadeConfigDocument({ localTenant: { facade: { rateLimits: { read: { burst: 2, perMinute: 60 }, write: { burst: 1, perMinute: 1 } } } } }) });
      try {
        const bearer = { authorization: `Bearer ${(await limited.inject({ method: 'POST', url: '/local-tenant/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ grant_type: 'client_credentials', ...{ client_id: M2M.clientId, client_secret: M2M.clientSecret } }).toString() })).json().access_token}` };
        const get = () => limited.inject({ method: 'GET', url: '/local-tenant/api/v2/users-by-email?email=demo@example.com', headers: bearer });
        const first = await get();
        expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': expect.stringMatching(/^\d{10}$/) });
        expect((await get()).statusCode).toBe(200);
        const refused = await get();
        expect([refused.statusCode, refused.json(), refused.headers['x-ratelimit-remaining']]).toEqual([429, { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests' }, '0']);
        // Writes have their own bucket.
        expect((await limited.inject({ method: 'DELETE', url: '/local-tenant/api/v2/users/auth0%7C000000000000000000000000', headers: bearer })).statusCode).toBe(204);
      } finally {
        await limited.close();
      }
    });
  });
});
