import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { AuthorizeRequestError, AuthorizeWithPassword } from '../../src/local-tenant/authorization/authorize.usecase';
import { LocalTenantHousekeeping } from '../../src/local-tenant/local-tenant-housekeeping';
import { LocalLogout } from '../../src/local-tenant/login/logout';
import { LocalDiscovery } from '../../src/local-tenant/tokens/discovery';
import { LocalSigningKeys } from '../../src/local-tenant/tokens/signing-keys';
import { auth0SchemaProblems, captureAuthEvents, CapturedEvents } from '../utils/auth-events';
import { errorShape, identityFailure } from '../utils/identity-errors';
import { createTestApp, TEST_DEMO_PASSWORD, TestApp } from '../utils/test-app';

const ISSUER = 'http://localhost:8080/local-tenant/';
const REDIRECT = 'http://localhost:8080/oauth/callback';
const APP = { clientId: 'app', clientSecret: 'app-development-secret' };
const WEB = { clientId: 'web', clientSecret: 'web-development-secret' };

const failure = identityFailure;
const shape = errorShape;

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('local tenant: tokens, keys, refresh, code flow, client credentials (e2e)', () => {
  let t: TestApp;
  let idp: IdentityProvider;
  let keys: LocalSigningKeys;
  let events: CapturedEvents;
  const passwordLogin = (extra: Record<string, unknown> = {}) =>
    idp.loginWithPassword({ ...APP, username: 'demo@example.com', password: TEST_DEMO_PASSWORD, scope: 'openid profile email offline_access', context: { ip: '198.51.100.2' }, ...extra });

  beforeAll(async () => {
    t = await createTestApp();
    idp = t.app.get(IDENTITY_PROVIDER);
    keys = t.app.get(LocalSigningKeys);
    events = captureAuthEvents(t.app);
  });
  afterAll(() => t.close());
  beforeEach(() => events.clear());

  describe('signing keys', () => {
    it('publishes the current and the next key; private keys are stored encrypted', async () => {
      const jwks = await keys.jwks();
      expect(jwks.keys).toHaveLength(2);
      for (const key of jwks.keys) expect(key).toEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: expect.any(String), alg: 'RS256', use: 'sig' });
      const rows = await t.prisma.localSigningKey.findMany();
      expect(rows.map((r) => r.status).sort()).toEqual(['current', 'next']);
      for (const row of rows) {
        expect(row.privateKey).toMatch(/^v1\./);
        expect(row.privateKey).not.toContain('PRIVATE KEY');
      }
    });

    it('rotation signs with the key that was published as next; tokens of the old key stay valid', async () => {
      const before = await passwordLogin();
      const oldKid = decodeProtectedHeader(before.access_token).kid;
      const nextKid = (await t.prisma.localSigningKey.findFirstOrThrow({ where: { status: 'next' } })).kid;
      expect((await keys.jwks()).keys.map((k) => k.kid)).toContain(nextKid);

      expect(await keys.rotate()).toBe(nextKid);
      const after = await passwordLogin();
      expect(decodeProtectedHeader(after.access_token).kid).toBe(nextKid);
      const published = (await keys.jwks()).keys.map((k) => k.kid);
      expect(published).toEqual(expect.arrayContaining([oldKid, nextKid]));
      expect(published).toHaveLength(3); // current, new next, previous
      await expect(idp.userInfo(before.access_token)).resolves.toHaveProperty('sub');
      await expect(idp.verifyIdToken(before.id_token as string, { clientId: 'app' })).resolves.toBeDefined();
    });

    it('two app instances starting on one database agree on one key set', async () => {
      const other = await createTestApp({ database: t.database });
      try {
        await Promise.all([keys.ensureKeys(), other.app.get(LocalSigningKeys).ensureKeys()]);
        expect(await t.prisma.localSigningKey.count({ where: { status: 'current' } })).toBe(1);
        expect(await t.prisma.localSigningKey.count({ where: { status: 'next' } })).toBe(1);
        const token = (await other.app.get<IdentityProvider>(IDENTITY_PROVIDER).loginWithPassword({ ...APP, username: 'demo@example.com', password: TEST_DEMO_PASSWORD })).access_token;
        await expect(idp.userInfo(token)).resolves.toHaveProperty('sub');
      } finally {
        await other.close();
      }
    });
  });

  it('serves an OpenID discovery document pointing at the issuer base', () => {
    expect(t.app.get(LocalDiscovery).openIdConfiguration()).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}authorize`,
      token_endpoint: `${ISSUER}oauth/token`,
      userinfo_endpoint: `${ISSUER}userinfo`,
      jwks_uri: `${ISSUER}.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
    });
  });

  describe('userinfo and ID token verification', () => {
    it('returns the claims of the scopes granted', async () => {
      const full = await passwordLogin();
      expect(await idp.userInfo(full.access_token)).toEqual({
        sub: expect.stringMatching(/^auth0\|/),
        name: 'Demo User',
        nickname: 'demo',
        updated_at: expect.any(String),
        email: 'demo@example.com',
        email_verified: true,
      });
      const narrow = await passwordLogin({ scope: 'openid' });
      expect(Object.keys(await idp.userInfo(narrow.access_token))).toEqual(['sub']);
    });

    it('refuses tampered, foreign and non-user tokens with 401 invalid_token', async () => {
      const { access_token } = await passwordLogin();
      const [h, p] = access_token.split('.');
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(access_token), sub: 'auth0|000000000000000000000000' })).toString('base64url')}.${access_token.split('.')[2]}`;
      expect(shape(await failure(idp.userInfo(forged)))).toMatchObject({ status: 401, code: 'invalid_token' });
      expect(shape(await failure(idp.userInfo(`${h}.${p}.AAAA`)))).toMatchObject({ status: 401, code: 'invalid_token' });
      expect(shape(await failure(idp.userInfo('not-a-jwt')))).toMatchObject({ status: 401, code: 'invalid_token' });
      const m2m = await idp.clientCredentials({ clientId: 'local-m2m', clientSecret: 'test-m2m-secret-0123456789' });
      expect(shape(await failure(idp.userInfo(m2m.access_token)))).toMatchObject({ status: 401, code: 'invalid_token' });
    });

    it('checks the ID token audience and nonce', async () => {
      const { id_token } = await passwordLogin();
      expect((await failure(idp.verifyIdToken(id_token as string, { clientId: 'web' }))).code).toBe('invalid_token');
      expect(shape(await failure(idp.verifyIdToken(id_token as string, { clientId: 'app', nonce: 'n' })))).toEqual({ status: 401, code: 'invalid_token', message: 'The ID token nonce does not match.' });
    });
  });

  describe('refresh tokens', () => {
    it('rotates on every exchange; only the SHA-256 of a token is stored', async () => {
      const first = await passwordLogin();
      const second = await idp.refresh({ ...APP, refreshToken: first.refresh_token as string, context: { ip: '198.51.100.2' } });
      expect(second.refresh_token).toBeDefined();
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(second.id_token).toBeDefined();
      expect(decodeJwt(second.access_token)).toMatchObject({ gty: 'refresh_token', azp: 'app' });
      const stored = await t.prisma.localRefreshToken.findMany({ select: { tokenHash: true } });
      const hashes = stored.map((s) => s.tokenHash);
      expect(hashes).toContain(createHash('sha256').update(first.refresh_token as string).digest('hex'));
      expect(JSON.stringify(stored)).not.toContain(first.refresh_token);
      const [sertft] = events.ofType('sertft');
      expect(sertft).toMatchObject({ client_id: 'app', user_name: 'demo@example.com', details: { tokenCounter: 2 } });
      expect(auth0SchemaProblems(sertft)).toEqual([]);
    });

    it('reuse of a rotated token revokes the whole family and logs ferrt', async () => {
      const first = await passwordLogin();
      const second = await idp.refresh({ ...APP, refreshToken: first.refresh_token as string });
      const reuse = await failure(idp.refresh({ ...APP, refreshToken: first.refresh_token as string, context: { ip: '203.0.113.9' } }));
      expect(shape(reuse)).toEqual({ status: 403, code: 'invalid_grant', message: 'Unknown or invalid refresh token.' });
      const [ferrt] = events.ofType('ferrt');
      expect(ferrt).toMatchObject({ client_id: 'app', ip: '203.0.113.9', user_name: 'demo@example.com', details: { tokenCounter: 1, latestCounter: 2, familyId: expect.any(String) } });
      expect(auth0SchemaProblems(ferrt)).toEqual([]);
      // The legitimate holder's newer token died with the family.
      expect((await failure(idp.refresh({ ...APP, refreshToken: second.refresh_token as string }))).code).toBe('invalid_grant');
      expect(events.ofType('fertft')).toHaveLength(1);
    });

    it('of two simultaneous exchanges of one token, at most one succeeds', async () => {
      const first = await passwordLogin();
      const results = await Promise.allSettled([1, 2, 3].map(() => idp.refresh({ ...APP, refreshToken: first.refresh_token as string })));
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(1);
      expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThanOrEqual(2);
    });

    it('is bound to its client, honours a narrower scope and refuses a wider one', async () => {
      const first = await passwordLogin({ scope: 'openid email offline_access' });
      expect((await failure(idp.refresh({ ...WEB, refreshToken: first.refresh_token as string }))).code).toBe('invalid_grant');
      expect(shape(await failure(idp.refresh({ ...APP, refreshToken: first.refresh_token as string, scope: 'openid profile' })))).toMatchObject({ status: 403, code: 'invalid_scope' });
      const narrow = await idp.refresh({ ...APP, refreshToken: first.refresh_token as string, scope: 'openid' });
      expect(narrow.scope).toBe('openid');
      expect(await idp.userInfo(narrow.access_token)).not.toHaveProperty('email');
    });

    it('revocation ends the family; unknown tokens revoke silently; other clients may not revoke', async () => {
      const first = await passwordLogin();
      const second = await idp.refresh({ ...APP, refreshToken: first.refresh_token as string });
      expect((await failure(idp.revokeRefreshToken({ ...WEB, refreshToken: second.refresh_token as string }))).code).toBe('unauthorized_client');
      await idp.revokeRefreshToken({ ...APP, refreshToken: first.refresh_token as string, context: { ip: '198.51.100.2' } });
      expect((await failure(idp.refresh({ ...APP, refreshToken: second.refresh_token as string }))).code).toBe('invalid_grant');
      await expect(idp.revokeRefreshToken({ ...APP, refreshToken: 'never-issued' })).resolves.toBeUndefined();
      expect(auth0SchemaProblems(events.ofType('srrt')[0])).toEqual([]);
    });

    it('deleting the user ends their refresh tokens', async () => {
      const user = await idp.createUser({ connection: 'Username-Password-Authentication', email: 'leaving@example.com', password: 'Leav1ng-Soon' });
      const tokens = await idp.loginWithPassword({ ...APP, username: 'leaving@example.com', password: 'Leav1ng-Soon', scope: 'openid offline_access' });
      await idp.deleteUser(user.user_id);
      expect((await failure(idp.refresh({ ...APP, refreshToken: tokens.refresh_token as string }))).code).toBe('invalid_grant');
    });
  });

  describe('authorization code flow', () => {
    let authorize: AuthorizeWithPassword;
    beforeAll(() => {
      authorize = t.app.get(AuthorizeWithPassword);
    });
    const request = (extra: Record<string, string | undefined> = {}) => ({ clientId: 'web', redirectUri: REDIRECT, responseType: 'code', scope: 'openid profile email offline_access', state: 'st-1', nonce: 'n-0S6_WzA2Mj', ...extra });
    const codeOf = (redirectTo: string) => new URL(redirectTo).searchParams.get('code') as string;

    it('buildAuthorizeUrl points at the tenant authorize endpoint; logoutUrl at /v2/logout', async () => {
      const url = new URL(await idp.buildAuthorizeUrl({ clientId: 'web', redirectUri: REDIRECT, state: 's', nonce: 'n', codeChallenge: 'c'.repeat(43), codeChallengeMethod: 'S256', scope: 'openid' }));
      expect(`${url.origin}${url.pathname}`).toBe(`${ISSUER}authorize`);
      expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: 'code', client_id: 'web', redirect_uri: REDIRECT, state: 's', nonce: 'n', code_challenge: 'c'.repeat(43), code_challenge_method: 'S256', scope: 'openid' });
      expect(idp.logoutUrl({ clientId: 'web', returnTo: 'http://localhost:8080/' })).toBe(`${ISSUER}v2/logout?client_id=web&returnTo=http%3A%2F%2Flocalhost%3A8080%2F`);
    });

    it('login page → code → exchange with PKCE; the ID token carries the nonce', async () => {
      const { verifier, challenge } = pkce();
      const prepared = authorize.prepare(request({ codeChallenge: challenge, codeChallengeMethod: 'S256' }));
      expect(prepared.connections.map((c) => c.name)).toEqual(['Username-Password-Authentication']);
      const { redirectTo } = await authorize.login(request({ codeChallenge: challenge, codeChallengeMethod: 'S256' }), { username: 'demo@example.com', password: TEST_DEMO_PASSWORD, context: { ip: '198.51.100.3' } });
      const target = new URL(redirectTo);
      expect(`${target.origin}${target.pathname}`).toBe(REDIRECT);
      expect(target.searchParams.get('state')).toBe('st-1');
      expect(events.ofType('s')).toHaveLength(1);

      // A public-style exchange: PKCE instead of the secret.
      const seen: string[] = [];
      const tokens = await idp.exchangeCode({ clientId: 'web', code: codeOf(redirectTo), redirectUri: REDIRECT, codeVerifier: verifier, nonce: 'n-0S6_WzA2Mj', context: { ip: '198.51.100.3' }, onAuthenticated: async (_u, protocol) => void seen.push(protocol) });
      expect(seen).toEqual(['authorization_code']);
      const jwks = createLocalJWKSet(await keys.jwks());
      const id = await jwtVerify(tokens.id_token as string, jwks, { issuer: ISSUER, audience: 'web' });
      expect(id.payload.nonce).toBe('n-0S6_WzA2Mj');
      await expect(idp.verifyIdToken(tokens.id_token as string, { clientId: 'web', nonce: 'n-0S6_WzA2Mj' })).resolves.toBeDefined();
      expect(decodeJwt(tokens.access_token)).not.toHaveProperty('gty');
      const [seacft] = events.ofType('seacft');
      expect(seacft).toMatchObject({ client_id: 'web', user_name: 'demo@example.com', details: { code: expect.stringMatching(/^\*+.{3}$/) } });
      expect(auth0SchemaProblems(seacft)).toEqual([]);
    });

    it('a code is single use; replaying it revokes the refresh tokens it produced', async () => {
      const { redirectTo } = await authorize.login(request(), { username: 'demo@example.com', password: TEST_DEMO_PASSWORD });
      const code = codeOf(redirectTo);
      const tokens = await idp.exchangeCode({ ...WEB, code, redirectUri: REDIRECT, nonce: 'n-0S6_WzA2Mj' });
      expect(shape(await failure(idp.exchangeCode({ ...WEB, code, redirectUri: REDIRECT, context: { ip: '203.0.113.4' } })))).toEqual({ status: 403, code: 'invalid_grant', message: 'Invalid authorization code' });
      expect((await failure(idp.refresh({ ...WEB, refreshToken: tokens.refresh_token as string }))).code).toBe('invalid_grant');
      expect(auth0SchemaProblems(events.ofType('feacft')[0])).toEqual([]);
    });

    it('refuses a wrong verifier, a missing secret without PKCE, another redirect URI or client', async () => {
      const { challenge } = pkce();
      const withPkce = await authorize.login(request({ codeChallenge: challenge, codeChallengeMethod: 'S256' }), { username: 'demo@example.com', password: TEST_DEMO_PASSWORD });
      expect(shape(await failure(idp.exchangeCode({ clientId: 'web', code: codeOf(withPkce.redirectTo), redirectUri: REDIRECT, codeVerifier: pkce().verifier })))).toEqual({ status: 403, code: 'invalid_grant', message: 'Failed to verify code verifier' });

      const plain = await authorize.login(request(), { username: 'demo@example.com', password: TEST_DEMO_PASSWORD });
      expect(shape(await failure(idp.exchangeCode({ clientId: 'web', code: codeOf(plain.redirectTo), redirectUri: REDIRECT })))).toEqual({ status: 401, code: 'access_denied', message: 'Unauthorized' });

      const other = await authorize.login(request(), { username: 'demo@example.com', password: TEST_DEMO_PASSWORD });
      expect((await failure(idp.exchangeCode({ ...WEB, code: codeOf(other.redirectTo), redirectUri: 'http://localhost:8080/elsewhere' }))).code).toBe('invalid_grant');

      const foreign = await authorize.login(request(), { username: 'demo@example.com', password: TEST_DEMO_PASSWORD });
      expect(shape(await failure(idp.exchangeCode({ ...APP, code: codeOf(foreign.redirectTo), redirectUri: REDIRECT })))).toEqual({ status: 403, code: 'invalid_grant', message: 'Invalid authorization code' });
    });

    it('the login page gets the same credential answers as the password grant', async () => {
      const wrong = await failure(authorize.login(request(), { username: 'demo@example.com', password: 'Wrong-Passw0rd' }));
      expect(shape(wrong)).toEqual({ status: 403, code: 'invalid_grant', message: 'Wrong email or password.' });
    });

    it('rejects bad authorize requests, telling which may be redirected to the application', () => {
      const error = (fn: () => unknown) => {
        try {
          fn();
        } catch (e) {
          return e as AuthorizeRequestError;
        }
        throw new Error('expected a failure');
      };
      expect(error(() => authorize.prepare(request({ clientId: 'nobody' })))).toMatchObject({ code: 'invalid_request', redirectUri: undefined });
      expect(error(() => authorize.prepare(request({ redirectUri: 'https://evil.example.com/cb' })))).toMatchObject({ code: 'invalid_request', redirectUri: undefined, message: expect.stringMatching(/^Callback URL mismatch/) });
      expect(error(() => authorize.prepare(request({ responseType: 'token' })))).toMatchObject({ code: 'unsupported_response_type', redirectUri: REDIRECT });
      expect(error(() => authorize.prepare(request({ codeChallenge: 'x'.repeat(43), codeChallengeMethod: 'plain' })))).toMatchObject({ code: 'invalid_request', redirectUri: REDIRECT });
      expect(error(() => authorize.prepare(request({ connection: 'nope' })))).toMatchObject({ code: 'invalid_request', redirectUri: REDIRECT });
    });
  });

  it('housekeeping deletes expired codes, refresh token families and login failure counts, and nothing current', async () => {
    const [demo] = await idp.getUsersByEmail('demo@example.com');
    const userId = demo.user_id.slice('auth0|'.length);
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    await t.prisma.localAuthorizationCode.create({ data: { codeHash: 'expired-code', clientId: 'web', redirectUri: REDIRECT, userId, connection: 'c', scope: 'openid', expiresAt: longAgo } });
    await t.prisma.localRefreshToken.create({ data: { tokenHash: 'expired-token', familyId: '00000000-0000-4000-8000-000000000001', counter: 1, userId, clientId: 'app', scope: 'openid', expiresAt: longAgo } });
    await t.prisma.localLoginFailure.create({ data: { subject: 'user:old', ip: '192.0.2.1', count: 3, lastFailureAt: longAgo } });
    const current = await passwordLogin();
    const removed = await t.app.get(LocalTenantHousekeeping).run();
    expect(removed).toEqual({ codes: expect.any(Number), refreshTokens: 1, loginFailures: expect.any(Number) });
    expect(removed.codes).toBeGreaterThanOrEqual(1);
    expect(await t.prisma.localAuthorizationCode.count({ where: { codeHash: 'expired-code' } })).toBe(0);
    expect(await t.prisma.localLoginFailure.count({ where: { subject: 'user:old' } })).toBe(0);
    await expect(idp.refresh({ ...APP, refreshToken: current.refresh_token as string })).resolves.toHaveProperty('access_token');
  });

  it('logout allows only returnTo URLs of the client type and logs slo', async () => {
    const logout = t.app.get(LocalLogout);
    const [demo] = await idp.getUsersByEmail('demo@example.com');
    const context = { ip: '198.51.100.4', userAgent: 'browser' };
    expect(await logout.logout({ clientId: 'web', returnTo: 'http://localhost:8080/goodbye?x=1', userId: demo.user_id, context })).toEqual({ redirectTo: 'http://localhost:8080/goodbye?x=1' });
    const [slo] = events.ofType('slo');
    expect(slo).toMatchObject({ client_id: 'web', user_id: demo.user_id, ip: '198.51.100.4', details: { return_to: 'http://localhost:8080/goodbye?x=1' } });
    expect(auth0SchemaProblems(slo)).toEqual([]);
    expect(shape(await failure(logout.logout({ clientId: 'web', returnTo: 'https://evil.example.com/' })))).toMatchObject({ status: 400, code: 'invalid_request' });
    expect((await failure(logout.logout({ clientId: 'app', returnTo: 'http://localhost:8080/' }))).code).toBe('invalid_request');
    expect((await failure(logout.logout({ clientId: 'nobody' }))).code).toBe('invalid_request');
    expect(await logout.logout({ clientId: 'app', context })).toEqual({});
  });

  describe('client credentials', () => {
    it("issues Management API tokens with the client's scopes, or the subset asked for", async () => {
      const all = await idp.clientCredentials({ clientId: 'local-m2m', clientSecret: 'test-m2m-secret-0123456789' });
      const payload = decodeJwt(all.access_token);
      expect(payload).toMatchObject({ iss: ISSUER, sub: 'local-m2m@clients', aud: `${ISSUER}api/v2/`, azp: 'local-m2m', gty: 'client-credentials' });
      expect((payload.scope as string).split(' ').sort()).toEqual(['create:users', 'create:users_imports', 'delete:users', 'read:connections', 'read:users', 'read:users_imports', 'update:users']);
      expect(all.id_token).toBeUndefined();
      expect(all.refresh_token).toBeUndefined();
      const some = await idp.clientCredentials({ clientId: 'local-m2m', clientSecret: 'test-m2m-secret-0123456789', audience: `${ISSUER}api/v2/`, scope: 'read:users', context: { ip: '10.0.0.5' } });
      expect(some.scope).toBe('read:users');
      expect(auth0SchemaProblems(events.ofType('seccft')[1])).toEqual([]);
      expect(events.ofType('seccft')[1]).toMatchObject({ client_id: 'local-m2m', client_name: 'Local management client', ip: '10.0.0.5', audience: `${ISSUER}api/v2/`, scope: 'read:users' });
    });

    it('refuses wrong secrets, ungranted scopes, unknown audiences and application clients', async () => {
      const context = { ip: '10.0.0.6' };
      const secret = 'test-m2m-secret-0123456789';
      expect(shape(await failure(idp.clientCredentials({ clientId: 'local-m2m', clientSecret: 'wrong', context })))).toEqual({ status: 401, code: 'access_denied', message: 'Unauthorized' });
      expect(shape(await failure(idp.clientCredentials({ clientId: 'local-m2m', clientSecret: secret, scope: 'read:users delete:everything', context })))).toEqual({ status: 403, code: 'access_denied', message: 'Client has not been granted scopes: delete:everything' });
      expect(shape(await failure(idp.clientCredentials({ clientId: 'local-m2m', clientSecret: secret, audience: 'https://other/', context })))).toEqual({ status: 403, code: 'access_denied', message: 'Service not found: https://other/' });
      expect((await failure(idp.clientCredentials({ clientId: 'app', clientSecret: 'app-development-secret', context }))).code).toBe('unauthorized_client');
      const feccft = events.ofType('feccft');
      expect(feccft).toHaveLength(4);
      for (const event of feccft) expect(auth0SchemaProblems(event)).toEqual([]);
    });
  });
});
