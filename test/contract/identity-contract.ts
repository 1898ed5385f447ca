import { decodeJwt } from 'jose';
import { randomBytes } from 'node:crypto';
import type { IdentityProvider } from '../../src/identity/identity-provider.port';
import type { ImportJob, RequestContext, TokenSet } from '../../src/identity/identity.types';
import { PAGING_LIMIT_MESSAGE } from '../../src/local-tenant/search/search-page';
import { FACADE_DOMAIN, M2M } from '../utils/auth0-wiring';
import { errorShape, identityFailure } from '../utils/identity-errors';
import { loginThroughPage } from '../utils/login-page';
import { pkce } from '../utils/pkce';
import { TEST_DEMO_PASSWORD, TestApp } from '../utils/test-app';

/** What the suite runs against: an identity port, and the local tenant app that backs it either way. */
export interface ContractTarget {
  idp: IdentityProvider;
  /** The app serving the local tenant (and its facade): logins through its page issue codes. */
  tenant: TestApp;
  close(): Promise<void>;
}

export const ISSUER = `https://${FACADE_DOMAIN}/`;
const DB = 'Username-Password-Authentication';
const CONNECTION_ID = 'con_DevelopmentUser1';
const APP = { clientId: 'app', clientSecret: 'app-development-secret' };
const WEB = { clientId: 'web', clientSecret: 'web-development-secret' };
const REDIRECT = 'http://localhost:8080/oauth/callback';
const PASSWORD = 'Contract-Passw0rd';
const ADMIN: RequestContext = { ip: '192.0.2.10', userAgent: 'contract-suite' };

const failure = identityFailure;
const shape = errorShape;

let sequence = 0;
/** A fresh address for each case, so that cases never see each other's users. */
const newEmail = (tag: string) => `${tag}-${++sequence}-${randomBytes(3).toString('hex')}@contract.example.com`;
const newIp = () => `198.51.100.${(++sequence % 200) + 20}`;

/** Token lifetimes come back as `expires_in` (AuthClient reports an expiry instant, read back in seconds). */
const expiresIn = (tokens: TokenSet) => expect(tokens.expires_in).toBeGreaterThanOrEqual(86399);

/**
 * One suite of identity behaviours, run through the port against each provider: the local tenant
 * in-process, and the Auth0 adapter talking to the local tenant's facade over HTTP. Every case
 * asserts the same results for both.
 */
export function identityContract(name: string, setup: () => Promise<ContractTarget>): void {
  describe(`identity contract: ${name}`, () => {
    let target: ContractTarget;
    let idp: IdentityProvider;

    beforeAll(async () => {
      target = await setup();
      idp = target.idp;
    }, 60_000);
    afterAll(() => target?.close());

    const createUser = (extra: Record<string, unknown> = {}) => idp.createUser({ connection: DB, email: newEmail('user'), password: PASSWORD, ...extra }, ADMIN);
    const login = (username: string, extra: Record<string, unknown> = {}) =>
      idp.loginWithPassword({ ...APP, username, password: PASSWORD, scope: 'openid profile email offline_access', context: { ip: newIp() }, ...extra });

    describe('password login', () => {
      it('returns Auth0 tokens: a JWT access token for /userinfo, an ID token and a refresh token', async () => {
        const user = await createUser({ name: 'Ada Lovelace' });
        const tokens = await login(user.email as string);
        expect(tokens).toEqual({ access_token: expect.any(String), id_token: expect.any(String), refresh_token: expect.any(String), token_type: 'Bearer', expires_in: expect.any(Number), scope: 'openid profile email offline_access' });
        expiresIn(tokens);
        expect(decodeJwt(tokens.access_token)).toMatchObject({ iss: ISSUER, sub: user.user_id, aud: `${ISSUER}userinfo`, azp: 'app', scope: 'openid profile email offline_access', gty: 'password' });
        expect(decodeJwt(tokens.id_token as string)).toMatchObject({ iss: ISSUER, sub: user.user_id, aud: 'app', name: 'Ada Lovelace', email: user.email, email_verified: false });
      });

      it('answers a wrong password and an unknown user alike: 403 invalid_grant', async () => {
        const user = await createUser();
        expect(shape(await failure(login(user.email as string, { password: 'Wrong-Passw0rd' })))).toEqual({ status: 403, code: 'invalid_grant', message: 'Wrong email or password.' });
        expect(shape(await failure(login(newEmail('nobody'))))).toEqual({ status: 403, code: 'invalid_grant', message: 'Wrong email or password.' });
      });

      it('refuses a blocked user with the right password: 401 unauthorized', async () => {
        const user = await createUser({ blocked: true });
        expect(shape(await failure(login(user.email as string)))).toEqual({ status: 401, code: 'unauthorized', message: 'user is blocked' });
      });

      it('refuses a wrong client secret: 401 access_denied', async () => {
        const user = await createUser();
        expect(shape(await failure(login(user.email as string, { clientSecret: 'not-the-secret' })))).toEqual({ status: 401, code: 'access_denied', message: 'Unauthorized' });
      });

      it('wants the secret of a confidential client for every grant: without it 401 access_denied', async () => {
        const user = await createUser();
        const tokens = await login(user.email as string);
        const denied = { status: 401, code: 'access_denied', message: 'Unauthorized' };
        expect(shape(await failure(login(user.email as string, { clientSecret: undefined })))).toEqual(denied);
        expect(shape(await failure(idp.refresh({ clientId: 'app', refreshToken: tokens.refresh_token as string })))).toEqual(denied);
        expect(shape(await failure(idp.revokeRefreshToken({ clientId: 'app', refreshToken: tokens.refresh_token as string })))).toEqual(denied);
      });

      it('lets a public client (no secret) log in and refresh', async () => {
        const user = await createUser();
        const tokens = await idp.loginWithPassword({ clientId: 'spa', username: user.email as string, password: PASSWORD, connection: DB, scope: 'openid offline_access' });
        expect(decodeJwt(tokens.access_token)).toMatchObject({ azp: 'spa', sub: user.user_id });
        const refreshed = await idp.refresh({ clientId: 'spa', refreshToken: tokens.refresh_token as string });
        expect(refreshed).toMatchObject({ token_type: 'Bearer', scope: 'openid offline_access', refresh_token: expect.any(String) });
        await idp.revokeRefreshToken({ clientId: 'spa', refreshToken: refreshed.refresh_token as string });
        expect((await failure(idp.refresh({ clientId: 'spa', refreshToken: refreshed.refresh_token as string }))).code).toBe('invalid_grant');
      });

      it('logs in to the connection named as realm, and refuses an unknown one', async () => {
        const user = await createUser();
        await expect(login(user.email as string, { connection: DB })).resolves.toHaveProperty('access_token');
        expect(shape(await failure(login(user.email as string, { connection: 'Nope' })))).toEqual({ status: 400, code: 'invalid_request', message: 'connection not found' });
      });

      it('grants the scopes asked for: without offline_access no refresh token', async () => {
        const user = await createUser();
        const tokens = await login(user.email as string, { scope: 'openid email' });
        expect(tokens.scope).toBe('openid email');
        expect(tokens.refresh_token).toBeUndefined();
        expect(decodeJwt(tokens.id_token as string)).not.toHaveProperty('name');
      });

      it('refuses an audience the tenant does not serve: 403 access_denied', async () => {
        const user = await createUser();
        expect(shape(await failure(login(user.email as string, { audience: 'https://api.elsewhere.example/' })))).toEqual({ status: 403, code: 'access_denied', message: 'Service not found: https://api.elsewhere.example/' });
      });

      it("records the end user's address and counts the login", async () => {
        const user = await createUser();
        await login(user.email as string, { context: { ip: '203.0.113.77' } });
        expect(await idp.getUser(user.user_id)).toMatchObject({ last_ip: '203.0.113.77', logins_count: 1, last_login: expect.any(String) });
      });

      it('blocks an address after 10 consecutive failures (429), and not the others', async () => {
        const user = await createUser();
        const attacker = { ip: newIp() };
        for (let i = 0; i < 10; i++) expect((await failure(login(user.email as string, { password: `Wrong-${i}`, context: attacker }))).code).toBe('invalid_grant');
        expect(shape(await failure(login(user.email as string, { context: attacker })))).toEqual({
          status: 429,
          code: 'too_many_attempts',
          message: 'Your account has been blocked after multiple consecutive login attempts.',
        });
        await expect(login(user.email as string, { context: { ip: newIp() } })).resolves.toHaveProperty('access_token');
      });

      it('lets a blocked address in again once an administrator unblocks the user', async () => {
        const user = await createUser();
        const attacker = { ip: newIp() };
        for (let i = 0; i < 10; i++) await failure(login(user.email as string, { password: `Wrong-${i}`, context: attacker }));
        expect((await failure(login(user.email as string, { context: attacker }))).code).toBe('too_many_attempts');
        await idp.unblockUser(user.user_id, ADMIN);
        await expect(login(user.email as string, { context: attacker })).resolves.toHaveProperty('access_token');
      });

      it('unblocking an unknown user is 404 inexistent_user', async () => {
        expect(shape(await failure(idp.unblockUser('auth0|000000000000000000000000')))).toEqual({ status: 404, code: 'inexistent_user', message: 'The user does not exist.' });
      });
    });

    describe('refresh tokens', () => {
      it('rotates: each exchange returns a new refresh token and working tokens', async () => {
        const user = await createUser();
        const first = await login(user.email as string);
        const second = await idp.refresh({ ...APP, refreshToken: first.refresh_token as string });
        expect(second).toEqual({ access_token: expect.any(String), id_token: expect.any(String), refresh_token: expect.any(String), token_type: 'Bearer', expires_in: expect.any(Number), scope: 'openid profile email offline_access' });
        expect(second.refresh_token).not.toBe(first.refresh_token);
        expect(decodeJwt(second.access_token)).toMatchObject({ sub: user.user_id, gty: 'refresh_token' });
        expect(await idp.userInfo(second.access_token)).toMatchObject({ sub: user.user_id });
      });

      it('treats the reuse of a rotated token as theft: 403, and the whole family is revoked', async () => {
        const user = await createUser();
        const first = await login(user.email as string);
        const second = await idp.refresh({ ...APP, refreshToken: first.refresh_token as string });
        expect(shape(await failure(idp.refresh({ ...APP, refreshToken: first.refresh_token as string })))).toEqual({ status: 403, code: 'invalid_grant', message: 'Unknown or invalid refresh token.' });
        expect((await failure(idp.refresh({ ...APP, refreshToken: second.refresh_token as string }))).code).toBe('invalid_grant');
      });

      it('may narrow the scope, never widen it', async () => {
        const user = await createUser();
        const tokens = await login(user.email as string, { scope: 'openid email offline_access' });
        expect((await idp.refresh({ ...APP, refreshToken: tokens.refresh_token as string, scope: 'openid' })).scope).toBe('openid');
        const other = await login(user.email as string, { scope: 'openid offline_access' });
        expect(shape(await failure(idp.refresh({ ...APP, refreshToken: other.refresh_token as string, scope: 'openid profile' })))).toEqual({
          status: 403,
          code: 'invalid_scope',
          message: 'The requested scope is not within the scope of the refresh token: profile',
        });
      });

      it('a revoked refresh token no longer works; revoking an unknown one succeeds', async () => {
        const user = await createUser();
        const tokens = await login(user.email as string);
        await idp.revokeRefreshToken({ ...APP, refreshToken: tokens.refresh_token as string });
        expect(shape(await failure(idp.refresh({ ...APP, refreshToken: tokens.refresh_token as string })))).toEqual({ status: 403, code: 'invalid_grant', message: 'Unknown or invalid refresh token.' });
        await expect(idp.revokeRefreshToken({ ...APP, refreshToken: 'never-issued' })).resolves.toBeUndefined();
      });

      it('refuses a refresh token of another client', async () => {
        const user = await createUser();
        const tokens = await login(user.email as string);
        expect((await failure(idp.refresh({ ...WEB, refreshToken: tokens.refresh_token as string }))).code).toBe('invalid_grant');
      });
    });

    describe('userinfo and ID tokens', () => {
      it('userinfo answers the claims of the granted scopes', async () => {
        const user = await createUser({ given_name: 'Grace', family_name: 'Hopper', name: 'Grace Hopper' });
        const tokens = await login(user.email as string);
        expect(await idp.userInfo(tokens.access_token)).toEqual({
          sub: user.user_id,
          name: 'Grace Hopper',
          nickname: (user.email as string).split('@')[0],
          given_name: 'Grace',
          family_name: 'Hopper',
          updated_at: expect.any(String),
          email: user.email,
          email_verified: false,
        });
      });

      it('userinfo refuses a token that is not one of the tenant: 401 invalid_token', async () => {
        expect(shape(await failure(idp.userInfo('not-a-token')))).toEqual({ status: 401, code: 'invalid_token', message: 'The token is not valid.' });
      });

      it('verifies an ID token: signature, issuer, audience', async () => {
        const user = await createUser();
        const tokens = await login(user.email as string);
        const { claims } = await idp.verifyIdToken(tokens.id_token as string, { clientId: 'app' });
        expect(claims).toMatchObject({ iss: ISSUER, sub: user.user_id, aud: 'app', email: user.email });
      });

      it('refuses an ID token of another audience, with another nonce, or tampered with', async () => {
        const user = await createUser();
        const idToken = (await login(user.email as string)).id_token as string;
        expect(shape(await failure(idp.verifyIdToken(idToken, { clientId: 'web' })))).toEqual({ status: 401, code: 'invalid_token', message: 'The token\'s "aud" claim is not valid.' });
        expect(shape(await failure(idp.verifyIdToken(idToken, { clientId: 'app', nonce: 'expected-nonce' })))).toEqual({ status: 401, code: 'invalid_token', message: 'The ID token nonce does not match.' });
        const [header, payload, signature] = idToken.split('.');
        const forged = Buffer.from(JSON.stringify({ ...decodeJwt(idToken), email: 'someone-else@example.com' })).toString('base64url');
        expect(shape(await failure(idp.verifyIdToken(`${header}.${forged}.${signature}`, { clientId: 'app' })))).toEqual({ status: 401, code: 'invalid_token', message: 'The token is not valid.' });
        expect(payload).toBeDefined();
      });
    });

    describe('authorization code flow', () => {
      const authorize = async (extra: Record<string, string> = {}) => {
        const user = await createUser();
        const { verifier, challenge } = pkce();
        const code = await loginThroughPage(target.tenant, {
          query: { client_id: 'web', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid profile email offline_access', state: 'st-1', code_challenge: challenge, code_challenge_method: 'S256', ...extra },
          username: user.email as string,
          password: PASSWORD,
        });
        return { user, verifier, code };
      };

      it('exchanges a code with PKCE for tokens whose ID token carries the nonce', async () => {
        const { user, verifier, code } = await authorize({ nonce: 'n-contract-1' });
        const tokens = await idp.exchangeCode({ ...WEB, code, redirectUri: REDIRECT, codeVerifier: verifier, nonce: 'n-contract-1' });
        expect(tokens).toEqual({ access_token: expect.any(String), id_token: expect.any(String), refresh_token: expect.any(String), token_type: 'Bearer', expires_in: 86400, scope: 'openid profile email offline_access' });
        expect(decodeJwt(tokens.id_token as string)).toMatchObject({ iss: ISSUER, sub: user.user_id, aud: 'web', nonce: 'n-contract-1' });
        await expect(idp.verifyIdToken(tokens.id_token as string, { clientId: 'web', nonce: 'n-contract-1' })).resolves.toBeDefined();
      });

      it('exchanges a code of a request without nonce; one with a nonce must be named', async () => {
        const plain = await authorize();
        await expect(idp.exchangeCode({ ...WEB, code: plain.code, redirectUri: REDIRECT, codeVerifier: plain.verifier })).resolves.toHaveProperty('id_token');
        const withNonce = await authorize({ nonce: 'n-contract-2' });
        expect(shape(await failure(idp.exchangeCode({ ...WEB, code: withNonce.code, redirectUri: REDIRECT, codeVerifier: withNonce.verifier })))).toEqual({
          status: 401,
          code: 'invalid_token',
          message: 'The ID token nonce does not match.',
        });
      });

      it('refuses a wrong code verifier', async () => {
        const { code } = await authorize();
        expect(shape(await failure(idp.exchangeCode({ ...WEB, code, redirectUri: REDIRECT, codeVerifier: pkce().verifier })))).toEqual({ status: 403, code: 'invalid_grant', message: 'Failed to verify code verifier' });
      });

      it('refuses a code used twice', async () => {
        const { code, verifier } = await authorize();
        await idp.exchangeCode({ ...WEB, code, redirectUri: REDIRECT, codeVerifier: verifier });
        expect(shape(await failure(idp.exchangeCode({ ...WEB, code, redirectUri: REDIRECT, codeVerifier: verifier })))).toEqual({ status: 403, code: 'invalid_grant', message: 'Invalid authorization code' });
      });

      it('refuses another redirect URI than the authorize request had', async () => {
        const { code, verifier } = await authorize();
        expect(shape(await failure(idp.exchangeCode({ ...WEB, code, redirectUri: 'http://localhost:8080/elsewhere', codeVerifier: verifier })))).toEqual({
          status: 403,
          code: 'invalid_grant',
          message: 'Invalid redirect_uri: it does not match the one of the authorization request',
        });
      });

      it('builds the authorize and logout URLs of the tenant', async () => {
        const url = await idp.buildAuthorizeUrl({ clientId: 'web', redirectUri: REDIRECT, state: 's', nonce: 'n', codeChallenge: 'c'.repeat(43), scope: 'openid' });
        expect(url).toBe(`${ISSUER}authorize?response_type=code&client_id=web&redirect_uri=${encodeURIComponent(REDIRECT)}&state=s&scope=openid&nonce=n&code_challenge=${'c'.repeat(43)}&code_challenge_method=S256`);
        expect(idp.logoutUrl({ clientId: 'web', returnTo: 'http://localhost:8080/' })).toBe(`${ISSUER}v2/logout?client_id=web&returnTo=http%3A%2F%2Flocalhost%3A8080%2F`);
      });
    });

    describe('client credentials', () => {
      it('issues a Management API token with the scopes of the client', async () => {
        const tokens = await idp.clientCredentials(M2M);
        expect(tokens).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: expect.any(Number), scope: expect.any(String) });
        expiresIn(tokens);
        expect(decodeJwt(tokens.access_token)).toMatchObject({ iss: ISSUER, sub: 'local-m2m@clients', aud: `${ISSUER}api/v2/`, gty: 'client-credentials' });
        expect((tokens.scope as string).split(' ')).toEqual(expect.arrayContaining(['read:users', 'create:users_imports']));
      });

      it('issues the subset of scopes asked for', async () => {
        const tokens = await idp.clientCredentials({ ...M2M, audience: `${ISSUER}api/v2/`, scope: 'read:users' });
        expect(tokens.scope).toBe('read:users');
        expect(decodeJwt(tokens.access_token).scope).toBe('read:users');
      });

      it('refuses a wrong secret, and scopes the client was not granted', async () => {
        expect(shape(await failure(idp.clientCredentials({ ...M2M, clientSecret: 'wrong' })))).toEqual({ status: 401, code: 'access_denied', message: 'Unauthorized' });
        expect(shape(await failure(idp.clientCredentials({ ...M2M, scope: 'read:users delete:everything' })))).toEqual({ status: 403, code: 'access_denied', message: 'Client has not been granted scopes: delete:everything' });
      });
    });

    describe('users', () => {
      it('creates a user as Auth0 does', async () => {
        const email = newEmail('Created');
        const user = await idp.createUser({ connection: DB, email, password: PASSWORD, given_name: 'Linus', app_metadata: { plan: 'pro' }, user_metadata: { theme: 'dark' } }, ADMIN);
        const id = user.user_id.slice('auth0|'.length);
        expect(user).toEqual({
          user_id: expect.stringMatching(/^auth0\|[0-9a-f]{24}$/),
          email,
          email_verified: false,
          name: email,
          nickname: email.split('@')[0],
          given_name: 'Linus',
          app_metadata: { plan: 'pro' },
          user_metadata: { theme: 'dark' },
          identities: [{ connection: DB, provider: 'auth0', user_id: id, isSocial: false }],
          created_at: expect.any(String),
          updated_at: expect.any(String),
        });
      });

      it('reads a user back, and answers 404 inexistent_user for an unknown one', async () => {
        const user = await createUser({ nickname: 'reader' });
        expect(await idp.getUser(user.user_id)).toEqual(user);
        expect(shape(await failure(idp.getUser('auth0|000000000000000000000000')))).toEqual({ status: 404, code: 'inexistent_user', message: 'The user does not exist.' });
      });

      it('refuses a second user with the same email in any case: 409 user_exists', async () => {
        const user = await createUser();
        expect(shape(await failure(idp.createUser({ connection: DB, email: (user.email as string).toUpperCase(), password: PASSWORD })))).toEqual({ status: 409, code: 'user_exists', message: 'The user already exists.' });
      });

      it('enforces the connection password policy and the email format', async () => {
        expect(shape(await failure(idp.createUser({ connection: DB, email: newEmail('weak'), password: 'weak' })))).toEqual({ status: 400, code: 'invalid_password', message: 'PasswordStrengthError: Password is too weak' });
        expect(shape(await failure(idp.createUser({ connection: DB, email: 'not-an-email', password: PASSWORD })))).toEqual({
          status: 400,
          code: 'invalid_body',
          message: "Payload validation error: 'Object didn't pass validation for format email: not-an-email'.",
        });
      });

      it('refuses an unknown connection: 400 inexistent_connection', async () => {
        expect(shape(await failure(idp.createUser({ connection: 'Nope', email: newEmail('nope'), password: PASSWORD })))).toEqual({ status: 400, code: 'inexistent_connection', message: 'The connection does not exist.' });
      });

      it('merges metadata at the first level on PATCH, null removing a key', async () => {
        const user = await createUser({ app_metadata: { plan: 'free', roles: ['a'] }, user_metadata: { theme: 'dark', lang: 'en' } });
        const updated = await idp.updateUser(user.user_id, { app_metadata: { plan: 'pro', roles: null }, user_metadata: { lang: null, tz: 'UTC' }, given_name: 'Patched' }, ADMIN);
        expect(updated).toMatchObject({ app_metadata: { plan: 'pro' }, user_metadata: { theme: 'dark', tz: 'UTC' }, given_name: 'Patched' });
        expect((await idp.getUser(user.user_id)).app_metadata).toEqual({ plan: 'pro' });
      });

      it('a PATCH with a new password lets the user log in with it', async () => {
        const user = await createUser();
        await idp.updateUser(user.user_id, { password: 'Changed-Passw0rd' });
        expect((await failure(login(user.email as string))).code).toBe('invalid_grant');
        await expect(login(user.email as string, { password: 'Changed-Passw0rd' })).resolves.toHaveProperty('access_token');
      });

      it('PATCH of an unknown user is 404; an empty PATCH is 400', async () => {
        expect((await failure(idp.updateUser('auth0|000000000000000000000000', { name: 'x' }))).code).toBe('inexistent_user');
        const user = await createUser();
        expect(shape(await failure(idp.updateUser(user.user_id, {})))).toEqual({ status: 400, code: 'invalid_body', message: "Payload validation error: 'Too few properties defined (0), minimum 1'." });
      });

      it('deletes a user; deleting it again succeeds', async () => {
        const user = await createUser();
        await idp.deleteUser(user.user_id, ADMIN);
        expect((await failure(idp.getUser(user.user_id))).code).toBe('inexistent_user');
        await expect(idp.deleteUser(user.user_id)).resolves.toBeUndefined();
      });

      it('finds users by email whatever its case', async () => {
        const user = await createUser();
        expect(await idp.getUsersByEmail((user.email as string).toUpperCase())).toEqual([user]);
        expect(await idp.getUsersByEmail(newEmail('nobody'))).toEqual([]);
      });

      it('lists the database connections with their ids', async () => {
        expect(await idp.listConnections()).toEqual([{ id: CONNECTION_ID, name: DB, strategy: 'auth0' }]);
      });
    });

    describe('user search', () => {
      const tag = `search${randomBytes(3).toString('hex')}`;
      let emails: string[];
      beforeAll(async () => {
        emails = [];
        for (const [i, plan] of ['pro', 'free', 'pro', 'pro', 'free'].entries()) {
          const email = `${tag}-${i}@search.example.com`;
          emails.push(email);
          await idp.createUser({ connection: DB, email, password: PASSWORD, app_metadata: { plan, rank: i } });
        }
      });

      it("answers Auth0's paging envelope for a Lucene query", async () => {
        const page = await idp.listUsers({ q: `email:${tag}* AND app_metadata.plan:"pro"`, sort: 'email:1' });
        expect({ ...page, users: page.users.map((u) => u.email) }).toEqual({ start: 0, limit: 50, length: 3, total: 3, users: [emails[0], emails[2], emails[3]] });
      });

      it('pages with page and per_page', async () => {
        const page = await idp.listUsers({ q: `email:${tag}*`, sort: 'email:-1', page: 1, perPage: 2 });
        expect({ ...page, users: page.users.map((u) => u.email) }).toEqual({ start: 2, limit: 2, length: 2, total: 5, users: [emails[2], emails[1]] });
      });

      it('keeps only the fields asked for, or all but them', async () => {
        const only = await idp.listUsers({ q: `email:"${emails[1]}"`, fields: ['email', 'app_metadata'] });
        expect(only.users).toEqual([{ email: emails[1], app_metadata: { plan: 'free', rank: 1 } }]);
        const without = await idp.listUsers({ q: `email:"${emails[1]}"`, fields: ['identities', 'app_metadata', 'user_metadata', 'created_at', 'updated_at', 'user_id', 'nickname', 'name'], includeFields: false });
        expect(without.users).toEqual([{ email: emails[1], email_verified: false }]);
      });

      it('never pages past the first 1000 results', async () => {
        expect(shape(await failure(idp.listUsers({ q: `email:${tag}*`, page: 10, perPage: 100 })))).toEqual({ status: 400, code: 'invalid_paging', message: PAGING_LIMIT_MESSAGE });
      });

      it('refuses an unparseable query with its position, and a per_page above 100', async () => {
        const bad = await failure(idp.listUsers({ q: 'email:(unclosed' }));
        expect(bad.getStatus()).toBe(400);
        expect(bad.code).toBe('invalid_query');
        expect(bad.message).toMatch(/column \d+/);
        expect(shape(await failure(idp.listUsers({ perPage: 101 })))).toMatchObject({ status: 400, code: 'invalid_query_string' });
      });
    });

    describe('import jobs', () => {
      const file = (users: unknown) => Buffer.from(JSON.stringify(users));
      async function finished(id: string): Promise<ImportJob> {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const job = await idp.getImportJob(id);
          if (job.status === 'completed' || job.status === 'failed') return job;
          if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }

      it('runs a job in the background: pending, then completed with its summary', async () => {
        const email = newEmail('imported');
        const created = await idp.createImportJob({ connectionId: CONNECTION_ID, users: file([{ email, email_verified: true, app_metadata: { source: 'import' } }]), externalId: 'contract-1' });
        expect(created).toEqual({ id: expect.stringMatching(/^job_/), type: 'users_import', status: 'pending', connection_id: CONNECTION_ID, connection: DB, external_id: 'contract-1', created_at: expect.any(String) });
        const job = await finished(created.id);
        expect(job).toMatchObject({ id: created.id, status: 'completed', summary: { inserted: 1, updated: 0, failed: 0, total: 1 } });
        expect(await idp.getImportJobErrors(created.id)).toEqual([]);
        expect(await idp.getUsersByEmail(email)).toEqual([expect.objectContaining({ email, email_verified: true, app_metadata: { source: 'import' } })]);
      }, 90_000);

      it("reports rejected users with Auth0's error codes", async () => {
        const valid = newEmail('valid');
        const job = await finished((await idp.createImportJob({ connectionId: CONNECTION_ID, users: file([{ email: valid }, { username: 'no-email' }, { email: 'x@example.com', colour: 'blue' }]) })).id);
        expect(job.summary).toEqual({ inserted: 1, updated: 0, failed: 2, total: 3 });
        expect(await idp.getImportJobErrors(job.id)).toEqual([
          { user: { username: 'no-email' }, errors: [{ code: 'OBJECT_MISSING_REQUIRED_PROPERTY', message: 'Missing required property: email', path: '#/email' }] },
          { user: { email: 'x@example.com', colour: 'blue' }, errors: [{ code: 'OBJECT_ADDITIONAL_PROPERTIES', message: 'Additional properties not allowed: colour', path: '#/colour' }] },
        ]);
      }, 90_000);

      it('refuses files above 500 KB, files that are not a JSON array, unknown connections and jobs', async () => {
        expect(shape(await failure(idp.createImportJob({ connectionId: CONNECTION_ID, users: Buffer.alloc(500 * 1024 + 1, 0x20) })))).toEqual({
          status: 413,
          code: 'too_large',
          message: 'The users file is too large; the maximum size is 500 KB',
        });
        expect(shape(await failure(idp.createImportJob({ connectionId: CONNECTION_ID, users: Buffer.from('{"email": "a@example.com"}') })))).toEqual({ status: 400, code: 'invalid_body', message: 'The users file must contain a JSON array of users' });
        expect((await failure(idp.createImportJob({ connectionId: 'con_DoesNotExist0001', users: file([{ email: newEmail('x') }]) }))).code).toBe('inexistent_connection');
        expect(shape(await failure(idp.getImportJob('job_0000000000000000')))).toEqual({ status: 404, code: 'inexistent_job', message: 'The job does not exist' });
      });

      it('accepts two running jobs and answers 429 to a third', async () => {
        const users = (t: string) => file(Array.from({ length: 400 }, (_, i) => ({ email: `${t}-${i}-${randomBytes(2).toString('hex')}@limit.example.com` })));
        const first = await idp.createImportJob({ connectionId: CONNECTION_ID, users: users('l1') });
        const second = await idp.createImportJob({ connectionId: CONNECTION_ID, users: users('l2') });
        expect(shape(await failure(idp.createImportJob({ connectionId: CONNECTION_ID, users: users('l3') })))).toEqual({
          status: 429,
          code: 'too_many_requests',
          message: 'There are 2 active import users jobs, please wait until some of them are finished and try again',
        });
        expect((await finished(first.id)).summary?.inserted).toBe(400);
        expect((await finished(second.id)).summary?.inserted).toBe(400);
      }, 120_000);
    });

    it('the demo user of the development configuration logs in', async () => {
      await expect(idp.loginWithPassword({ ...APP, username: 'demo@example.com', password: TEST_DEMO_PASSWORD })).resolves.toHaveProperty('access_token');
    });
  });
}
