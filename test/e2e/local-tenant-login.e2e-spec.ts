import bcrypt from 'bcryptjs';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import { IdentityError } from '../../src/identity/identity.error';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { LocalSigningKeys } from '../../src/local-tenant/tokens/signing-keys';
import { auth0SchemaProblems, captureAuthEvents, CapturedEvents } from '../utils/auth-events';
import { errorShape, identityFailure } from '../utils/identity-errors';
import { createTestApp, TEST_DEMO_PASSWORD, TestApp } from '../utils/test-app';

const ISSUER = 'http://localhost:8080/local-tenant/';
const CONNECTION = 'Username-Password-Authentication';
const CONNECTION_ID = 'con_DevelopmentUser1';
const PASSWORD = 'Corr3ct-Horse';

const failure = identityFailure;
const shape = errorShape;

describe('local tenant: password login through the identity port (e2e)', () => {
  let t: TestApp;
  let idp: IdentityProvider;
  let events: CapturedEvents;
  const login = (username: string, password: string, extra: Record<string, unknown> = {}) =>
    idp.loginWithPassword({ clientId: 'app', clientSecret: 'app-development-secret', username, password, scope: 'openid profile email offline_access', context: { ip: '198.51.100.1', userAgent: 'jest' }, ...extra });

  beforeAll(async () => {
    t = await createTestApp({
      configDocument: {
        ...DEVELOPMENT_CONFIG,
        localTenant: { ...DEVELOPMENT_CONFIG.localTenant, bruteForce: { maxAttempts: 10, blockSeconds: 3 } },
        clients: { ...DEVELOPMENT_CONFIG.clients, app: { ...DEVELOPMENT_CONFIG.clients.app, audience: 'https://api.example.com/' } },
      },
    });
    idp = t.app.get(IDENTITY_PROVIDER);
    events = captureAuthEvents(t.app);
  });
  afterAll(() => t.close());
  beforeEach(() => events.clear());

  it('is the local adapter', () => {
    expect(idp.kind).toBe('local');
  });

  it('logs the seeded demo user in and issues Auth0-shaped tokens signed with a published key', async () => {
    const tokens = await login('demo@example.com', TEST_DEMO_PASSWORD, { audience: 'https://api.example.com/' });
    expect(tokens).toEqual({
      access_token: expect.any(String),
      id_token: expect.any(String),
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'openid profile email offline_access',
    });
    const jwks = createLocalJWKSet(await t.app.get(LocalSigningKeys).jwks());
    const access = await jwtVerify(tokens.access_token, jwks, { issuer: ISSUER });
    expect(access.protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    const user = (await idp.getUsersByEmail('demo@example.com'))[0];
    expect(access.payload).toEqual({
      iss: ISSUER,
      sub: user.user_id,
      aud: ['https://api.example.com/', `${ISSUER}userinfo`],
      azp: 'app',
      scope: 'openid profile email offline_access',
      gty: 'password',
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect((access.payload.exp as number) - (access.payload.iat as number)).toBe(86400);
    expect(user.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);

    const id = await jwtVerify(tokens.id_token as string, jwks, { issuer: ISSUER, audience: 'app' });
    expect(id.payload).toMatchObject({ sub: user.user_id, name: 'Demo User', email: 'demo@example.com', email_verified: true, nickname: 'demo', at_hash: expect.any(String) });
    await expect(idp.verifyIdToken(tokens.id_token as string, { clientId: 'app' })).resolves.toMatchObject({ claims: { sub: user.user_id } });
  });

  it('counts logins: last_login, last_ip and logins_count change on every success', async () => {
    const before = (await idp.getUsersByEmail('demo@example.com'))[0];
    await login('DEMO@example.com', TEST_DEMO_PASSWORD, { context: { ip: '198.51.100.77' } });
    const after = await idp.getUser(before.user_id);
    expect(after.logins_count).toBe((before.logins_count ?? 0) + 1);
    expect(after.last_ip).toBe('198.51.100.77');
    expect(Date.parse(after.last_login as string)).toBeGreaterThan(Date.parse(before.last_login ?? '1970-01-01'));
  });

  it('answers an unknown user and a wrong password identically, and logs fu / fp', async () => {
    const unknown = await failure(login('nobody@example.com', PASSWORD));
    const wrong = await failure(login('demo@example.com', 'Wrong-Passw0rd'));
    expect(shape(unknown)).toEqual({ status: 403, code: 'invalid_grant', message: 'Wrong email or password.' });
    expect(shape(wrong)).toEqual(shape(unknown));
    const [fu] = events.ofType('fu');
    const [fp] = events.ofType('fp');
    expect(fu).toMatchObject({ user_name: 'nobody@example.com', connection: CONNECTION, connection_id: CONNECTION_ID, client_id: 'app', client_name: 'app', ip: '198.51.100.1', details: { error: { message: 'Wrong email or password.' } } });
    expect(fu.user_id).toBeUndefined();
    expect(fp).toMatchObject({ user_name: 'demo@example.com', user_id: expect.stringMatching(/^auth0\|/), strategy: 'auth0', strategy_type: 'database' });
    for (const event of [fu, fp]) expect(auth0SchemaProblems(event)).toEqual([]);
  });

  it('logs s and sepft for a successful password login, conforming to Auth0 schemas', async () => {
    await login('demo@example.com', TEST_DEMO_PASSWORD);
    const types = events.all().map((e) => e.type);
    expect(types).toEqual(['s', 'sepft']);
    for (const event of events.all()) expect(auth0SchemaProblems(event)).toEqual([]);
    expect(events.ofType('sepft')[0]).toMatchObject({ audience: 'https://api.example.com/', scope: 'openid profile email offline_access' });
  });

  it('refuses a blocked user with the right password (401 user is blocked) but not before checking the password', async () => {
    const user = await idp.createUser({ connection: CONNECTION, email: 'blocked@example.com', password: PASSWORD, blocked: true });
    expect(user.blocked).toBe(true);
    expect(shape(await failure(login('blocked@example.com', PASSWORD)))).toEqual({ status: 401, code: 'unauthorized', message: 'user is blocked' });
    expect(shape(await failure(login('blocked@example.com', 'Wrong-Passw0rd')))).toMatchObject({ status: 403, code: 'invalid_grant' });
    expect(events.ofType('f')[0]).toMatchObject({ description: 'user is blocked', user_id: user.user_id });
  });

  it('blocks an IP after 10 consecutive failures for one account (429 + limit_wc) until a success from elsewhere', async () => {
    await idp.createUser({ connection: CONNECTION, email: 'brute@example.com', password: PASSWORD });
    const attacker = { ip: '203.0.113.66' };
    for (let i = 0; i < 10; i++) expect((await failure(login('brute@example.com', `Wrong-${i}`, { context: attacker }))).code).toBe('invalid_grant');
    expect(events.ofType('limit_wc')).toHaveLength(1);
    expect(auth0SchemaProblems(events.ofType('limit_wc')[0])).toEqual([]);
    expect(events.ofType('limit_wc')[0]).toMatchObject({ ip: '203.0.113.66', user_name: 'brute@example.com' });
    // Blocked even with the right password, from that IP only.
    const blocked = await failure(login('brute@example.com', PASSWORD, { context: attacker }));
    expect(shape(blocked)).toEqual({ status: 429, code: 'too_many_attempts', message: 'Your account has been blocked after multiple consecutive login attempts.' });
    await expect(login('brute@example.com', PASSWORD, { context: { ip: '192.0.2.10' } })).resolves.toHaveProperty('access_token');
    // The success from elsewhere lifted the block.
    await expect(login('brute@example.com', PASSWORD, { context: attacker })).resolves.toHaveProperty('access_token');
  });

  it('an administrator unblock lifts the block; nine failures then a success do not block', async () => {
    const user = await idp.createUser({ connection: CONNECTION, email: 'unblock@example.com', password: PASSWORD });
    const from = { ip: '203.0.113.67' };
    for (let i = 0; i < 9; i++) await failure(login('unblock@example.com', 'nope', { context: from }));
    await login('unblock@example.com', PASSWORD, { context: from });
    for (let i = 0; i < 10; i++) await failure(login('unblock@example.com', 'nope', { context: from }));
    expect((await failure(login('unblock@example.com', PASSWORD, { context: from }))).code).toBe('too_many_attempts');
    events.clear();
    await idp.unblockUser(user.user_id, { ip: '192.0.2.200' });
    expect(events.ofType('sapi')[0]).toMatchObject({ description: 'Unblock a User', ip: '192.0.2.200' });
    await expect(login('unblock@example.com', PASSWORD, { context: from })).resolves.toHaveProperty('access_token');
    expect(shape(await failure(idp.unblockUser('auth0|000000000000000000000000')))).toEqual({ status: 404, code: 'inexistent_user', message: 'The user does not exist.' });
  });

  it('lifts a block after bruteForce.blockSeconds', async () => {
    await idp.createUser({ connection: CONNECTION, email: 'expire@example.com', password: PASSWORD });
    const from = { ip: '203.0.113.68' };
    for (let i = 0; i < 10; i++) await failure(login('expire@example.com', 'nope', { context: from }));
    expect((await failure(login('expire@example.com', PASSWORD, { context: from }))).code).toBe('too_many_attempts');
    await new Promise((r) => setTimeout(r, 3100));
    await expect(login('expire@example.com', PASSWORD, { context: from })).resolves.toHaveProperty('access_token');
  });

  it('counts failures for login names nobody has, so probing them ends in the same 429', async () => {
    const from = { ip: '203.0.113.69' };
    for (let i = 0; i < 10; i++) await failure(login('ghost@example.com', 'nope', { context: from }));
    expect((await failure(login('ghost@example.com', 'nope', { context: from }))).code).toBe('too_many_attempts');
  });

  it('verifies imported bcrypt hashes and replaces them with argon2id on the next successful login', async () => {
    const hash = await bcrypt.hash(PASSWORD, 4);
    await t.prisma.localUser.create({ data: { id: 'a00000000000000000000001', connectionId: CONNECTION_ID, connection: CONNECTION, email: 'bcrypt@example.com', emailNormalized: 'bcrypt@example.com', passwordHash: hash } });
    expect((await failure(login('bcrypt@example.com', 'Wrong-Passw0rd'))).code).toBe('invalid_grant');
    expect((await t.prisma.localUser.findUniqueOrThrow({ where: { id: 'a00000000000000000000001' } })).passwordHash).toBe(hash);
    await login('bcrypt@example.com', PASSWORD);
    const upgraded = (await t.prisma.localUser.findUniqueOrThrow({ where: { id: 'a00000000000000000000001' } })).passwordHash as string;
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(login('bcrypt@example.com', PASSWORD)).resolves.toHaveProperty('access_token');
  });

  it('verifies imported custom_password_hash values (sha256 with a salt) and upgrades them', async () => {
    // sha256("keyboardcat" + "hello"), the example of Auth0's import documentation; a valid password here is "hello".
    await t.prisma.localUser.create({
      data: {
        id: 'a00000000000000000000002', connectionId: CONNECTION_ID, connection: CONNECTION, email: 'sha@example.com', emailNormalized: 'sha@example.com',
        customPasswordHash: { algorithm: 'sha256', hash: { value: '7054f76f832d2d4e244f73b3f3f4c3702cb60a573ed12441c90f159df560fcb5', encoding: 'hex' }, salt: { value: 'keyboardcat', position: 'prefix' } },
      },
    });
    await login('sha@example.com', 'hello');
    const row = await t.prisma.localUser.findUniqueOrThrow({ where: { id: 'a00000000000000000000002' } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.customPasswordHash).toBeNull();
    await expect(login('sha@example.com', 'hello')).resolves.toHaveProperty('access_token');
  });

  it('embeds the namespaced claims OnAuthenticated returns and drops the others', async () => {
    const seen: string[] = [];
    const tokens = await login('demo@example.com', TEST_DEMO_PASSWORD, {
      onAuthenticated: async (user: { email?: string }, protocol: string) => {
        seen.push(`${user.email} ${protocol}`);
        return { idToken: { 'https://gateway.local/roles': ['admin'], roles: ['dropped'] }, accessToken: { 'https://gateway.local/tier': 'gold', sub: 'auth0|spoofed' } };
      },
    });
    expect(seen).toEqual(['demo@example.com oauth2-password']);
    const id = decodeJwt(tokens.id_token as string);
    const access = decodeJwt(tokens.access_token);
    expect(id['https://gateway.local/roles']).toEqual(['admin']);
    expect(id).not.toHaveProperty('roles');
    expect(access['https://gateway.local/tier']).toBe('gold');
    expect(access.sub).toMatch(/^auth0\|[0-9a-f]{24}$/);
    expect(await idp.userInfo(tokens.access_token)).toMatchObject({ 'https://gateway.local/tier': 'gold', email: 'demo@example.com' });
  });

  it('fails the login with the error OnAuthenticated throws, issuing nothing', async () => {
    const denied = new IdentityError(401, 'access_denied', 'Rule denied the login');
    expect(shape(await failure(login('demo@example.com', TEST_DEMO_PASSWORD, { onAuthenticated: async () => Promise.reject(denied) })))).toEqual({ status: 401, code: 'access_denied', message: 'Rule denied the login' });
    expect(events.all().map((e) => e.type)).toEqual(['f']);
    expect(events.ofType('f')[0].description).toBe('Rule denied the login');
  });

  it('issues no ID token without openid and no refresh token without offline_access', async () => {
    const tokens = await login('demo@example.com', TEST_DEMO_PASSWORD, { scope: 'profile' });
    expect(tokens.id_token).toBeUndefined();
    expect(tokens.refresh_token).toBeUndefined();
    expect(decodeJwt(tokens.access_token).aud).toBe('https://api.example.com/');
  });

  it('checks the client, the connection (realm) and the audience', async () => {
    expect(shape(await failure(login('demo@example.com', TEST_DEMO_PASSWORD, { clientSecret: 'wrong' })))).toEqual({ status: 401, code: 'access_denied', message: 'Unauthorized' });
    expect(events.ofType('fepft')).toHaveLength(1);
    expect(auth0SchemaProblems(events.ofType('fepft')[0])).toEqual([]);
    expect(shape(await failure(login('demo@example.com', TEST_DEMO_PASSWORD, { connection: 'Other' })))).toEqual({ status: 400, code: 'invalid_request', message: 'connection not found' });
    expect(shape(await failure(login('demo@example.com', TEST_DEMO_PASSWORD, { audience: 'https://unknown.example.com/' })))).toEqual({ status: 403, code: 'access_denied', message: 'Service not found: https://unknown.example.com/' });
    await expect(login('demo@example.com', TEST_DEMO_PASSWORD, { connection: CONNECTION })).resolves.toHaveProperty('access_token');
  });
});
