import { AuthClient } from '@auth0/auth0-auth-js';
import { decodeJwt } from 'jose';
import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import { FACADE_DOMAIN, facadeConfigDocument, listenOnLoopback, rewritingFetch } from '../utils/auth0-wiring';
import { loginForm } from '../utils/login-page';
import { pkce } from '../utils/pkce';
import { createTestApp, TEST_DEMO_PASSWORD, TestApp } from '../utils/test-app';

const REDIRECT = 'http://localhost:8080/oauth/callback';
const WEB = { clientId: 'web', clientSecret: 'web-development-secret' };
const STAFF = 'Staff';

/**
 * What a browser does with the hosted login page, over real HTTP: GET /authorize, POST the form with
 * the cookie it set, follow nothing (the redirect is the result).
 */
describe('local tenant hosted login page, front-end style (e2e)', () => {
  let t: TestApp;
  let base: string;
  let sdkFetch: ReturnType<typeof rewritingFetch>;

  beforeAll(async () => {
    const document = facadeConfigDocument();
    const localTenant = document.localTenant as Record<string, unknown>;
    t = await createTestApp({
      configDocument: {
        ...document,
        clients: { ...DEVELOPMENT_CONFIG.clients, web: { ...DEVELOPMENT_CONFIG.clients.web, supportedConnections: ['Username-Password-Authentication', STAFF] } },
        localTenant: { ...localTenant, connections: [...(localTenant.connections as unknown[]), { name: STAFF, requiresUsername: true }] },
      },
    });
    base = await listenOnLoopback(t);
    sdkFetch = rewritingFetch(FACADE_DOMAIN, base);
  });
  afterAll(() => t.close());

  const authorizeQuery = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ client_id: 'web', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid profile email offline_access', state: 'state-1', ...extra });

  async function openLoginPage(query: URLSearchParams): Promise<{ response: Response; html: string; csrf: string; cookie: string }> {
    const response = await fetch(`${base}/authorize?${query}`, { redirect: 'manual' });
    const html = await response.text();
    return { response, html, ...loginForm(html, response.headers.getSetCookie()) };
  }

  const submit = (fields: Record<string, string>, cookie?: string) =>
    fetch(`${base}/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(fields),
    });

  /** The login form's fields as the browser would post them back. */
  const formFields = (html: string) => Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2].replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)))]));

  /**
   * The application's callback: it checks the state it sent (AuthClient leaves that to its caller
   * and refuses a callback URL that still carries one), then has AuthClient exchange the code.
   */
  function exchange(client: AuthClient, callback: URL, codeVerifier: string) {
    const url = new URL(callback);
    expect(url.searchParams.get('state')).toBe('state-1');
    url.searchParams.delete('state');
    return client.getTokenByCode(url, { codeVerifier });
  }

  async function logIn(query: URLSearchParams, credentials = { username: 'demo@example.com', password: TEST_DEMO_PASSWORD }): Promise<URL> {
    const page = await openLoginPage(query);
    const answer = await submit({ ...formFields(page.html), ...credentials }, page.cookie);
    expect(answer.status).toBe(302);
    return new URL(answer.headers.get('location') as string);
  }

  it('shows a login form that carries the authorize request, with a choice of connection, safe headers and a SameSite cookie', async () => {
    const { challenge } = pkce();
    const page = await openLoginPage(authorizeQuery({ nonce: 'n-1', code_challenge: challenge, code_challenge_method: 'S256' }));
    expect(page.response.status).toBe(200);
    expect(page.response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; form-action 'self' http:\/\/localhost:8080; frame-ancestors 'none'/);
    expect(page.response.headers.get('x-frame-options')).toBe('DENY');
    expect(page.response.headers.getSetCookie()[0]).toMatch(/^local_tenant_login=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(formFields(page.html)).toEqual({ client_id: 'web', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid profile email offline_access', state: 'state-1', nonce: 'n-1', code_challenge: challenge, code_challenge_method: 'S256', csrf: page.csrf });
    expect(page.html).toContain('<select id="connection" name="connection"><option value="Username-Password-Authentication" selected>Username-Password-Authentication</option><option value="Staff">Staff</option></select>');
    expect(page.html).toContain('Email or username');
    expect(page.html).not.toMatch(/<script/i);
  });

  it('logs in: redirect with code and state, then AuthClient exchanges the code with PKCE', async () => {
    const { verifier, challenge } = pkce();
    const callback = await logIn(authorizeQuery({ code_challenge: challenge, code_challenge_method: 'S256' }));
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('state-1');
    expect(callback.searchParams.get('code')).toMatch(/^[\w-]{43}$/);

    const client = new AuthClient({ domain: FACADE_DOMAIN, ...WEB, customFetch: sdkFetch });
    const tokens = await exchange(client, callback, verifier);
    expect(tokens.claims).toMatchObject({ iss: `https://${FACADE_DOMAIN}/`, aud: 'web', email: 'demo@example.com' });
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(await client.getUserInfo({ accessToken: tokens.accessToken })).toMatchObject({ email: 'demo@example.com' });
  });

  it('refuses a tampered code verifier, a code used twice and another redirect URI', async () => {
    const client = new AuthClient({ domain: FACADE_DOMAIN, ...WEB, customFetch: sdkFetch });
    const tampered = pkce();
    const first = await logIn(authorizeQuery({ code_challenge: tampered.challenge, code_challenge_method: 'S256' }));
    await expect(exchange(client, first, `${tampered.verifier.slice(0, -1)}${tampered.verifier.endsWith('A') ? 'B' : 'A'}`)).rejects.toMatchObject({
      cause: { error: 'invalid_grant', error_description: 'Failed to verify code verifier' },
    });

    const once = pkce();
    const second = await logIn(authorizeQuery({ code_challenge: once.challenge, code_challenge_method: 'S256' }));
    await exchange(client, second, once.verifier);
    await expect(exchange(client, second, once.verifier)).rejects.toMatchObject({ cause: { error: 'invalid_grant', error_description: 'Invalid authorization code' } });

    const elsewhere = pkce();
    const third = await logIn(authorizeQuery({ code_challenge: elsewhere.challenge, code_challenge_method: 'S256' }));
    const moved = new URL(`http://localhost:8080/elsewhere${third.search}`);
    await expect(exchange(client, moved, elsewhere.verifier)).rejects.toMatchObject({ cause: { error: 'invalid_grant' } });
  });

  it('carries the nonce into the ID token', async () => {
    const callback = await logIn(authorizeQuery({ nonce: 'n-0S6_WzA2Mj' }));
    const exchanged = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: callback.searchParams.get('code') as string, redirect_uri: REDIRECT, client_id: WEB.clientId, client_secret: WEB.clientSecret }),
    });
    expect(decodeJwt(((await exchanged.json()) as { id_token: string }).id_token)).toMatchObject({ nonce: 'n-0S6_WzA2Mj', aud: 'web' });
  });

  it('shows wrong credentials on the form again, with the login kept and nothing else reflected', async () => {
    const page = await openLoginPage(authorizeQuery());
    const answer = await submit({ ...formFields(page.html), username: 'demo@example.com', password: 'Wrong-Passw0rd' }, page.cookie);
    expect(answer.status).toBe(403);
    const html = await answer.text();
    expect(html).toContain('<p class="error" role="alert">Wrong email or password.</p>');
    expect(html).toContain('value="demo@example.com"');
    expect(html).not.toContain('Wrong-Passw0rd');
  });

  it('escapes everything it shows: no markup from the request reaches the page', async () => {
    const attack = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const page = await openLoginPage(authorizeQuery({ state: attack }));
    expect(page.html).not.toContain('<script>alert');
    expect(page.html).not.toContain('<img src=x');
    expect(page.html).toContain('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#60;img src=x onerror=alert(2)&#62;"');
    const answer = await submit({ ...formFields(page.html), username: attack, password: 'x' }, page.cookie);
    const html = await answer.text();
    expect(html).not.toContain('<script>alert');
    expect(formFields(html).state).toBe(attack);
    const unknownClient = await fetch(`${base}/authorize?${authorizeQuery({ client_id: attack })}`);
    expect(unknownClient.status).toBe(400);
    const text = await unknownClient.text();
    expect(text).toContain('Unknown client: &#34;&#62;&#60;script&#62;');
    expect(text).not.toContain('<script>alert');
  });

  it('refuses a form posted without the cookie or with another token (CSRF)', async () => {
    const page = await openLoginPage(authorizeQuery());
    const fields = { ...formFields(page.html), username: 'demo@example.com', password: TEST_DEMO_PASSWORD };
    const withoutCookie = await submit(fields);
    expect(withoutCookie.status).toBe(403);
    expect(await withoutCookie.text()).toContain('Your login page has expired');
    const other = await openLoginPage(authorizeQuery());
    expect((await submit({ ...fields, csrf: other.csrf }, page.cookie)).status).toBe(403);
    expect((await submit(fields, page.cookie)).status).toBe(302);
  });

  it('sends errors of a valid redirect URI back to the application, and shows the others', async () => {
    const unsupported = await fetch(`${base}/authorize?${authorizeQuery({ response_type: 'token' })}`, { redirect: 'manual' });
    expect(unsupported.status).toBe(302);
    expect(Object.fromEntries(new URL(unsupported.headers.get('location') as string).searchParams)).toEqual({ error: 'unsupported_response_type', error_description: 'Unsupported response type: token', state: 'state-1' });
    const silent = await fetch(`${base}/authorize?${authorizeQuery({ prompt: 'none' })}`, { redirect: 'manual' });
    expect(new URL(silent.headers.get('location') as string).searchParams.get('error')).toBe('login_required');
    const foreign = await fetch(`${base}/authorize?${authorizeQuery({ redirect_uri: 'https://evil.example.com/cb' })}`, { redirect: 'manual' });
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location')).toBeNull();
    expect(await foreign.text()).toContain('Callback URL mismatch');
  });

  it('logs in to the connection chosen on the form', async () => {
    const page = await openLoginPage(authorizeQuery());
    const answer = await submit({ ...formFields(page.html), connection: STAFF, username: 'demo@example.com', password: TEST_DEMO_PASSWORD }, page.cookie);
    // The demo user lives in the other connection.
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('<option value="Staff" selected>Staff</option>');
  });

  it("lets the application's own origin call the token endpoint from a browser (CORS), and no other", async () => {
    const preflight = await fetch(`${base}/oauth/token`, { method: 'OPTIONS', headers: { origin: 'http://localhost:8080', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'vary'].map((h) => [h, preflight.headers.get(h)]))).toEqual({
      'access-control-allow-origin': 'http://localhost:8080',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization, content-type, auth0-client',
      vary: 'Origin',
    });
    const discovery = await fetch(`${base}/.well-known/openid-configuration`, { headers: { origin: 'http://localhost:8080' } });
    expect(discovery.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
    const foreign = await fetch(`${base}/.well-known/openid-configuration`, { headers: { origin: 'https://evil.example.com' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const management = await fetch(`${base}/api/v2/users`, { headers: { origin: 'http://localhost:8080' } });
    expect(management.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs out to an allowed returnTo only', async () => {
    const allowed = await fetch(`${base}/v2/logout?client_id=web&returnTo=${encodeURIComponent('http://localhost:8080/bye')}`, { redirect: 'manual' });
    expect([allowed.status, allowed.headers.get('location')]).toEqual([302, 'http://localhost:8080/bye']);
    const refused = await fetch(`${base}/v2/logout?client_id=web&returnTo=${encodeURIComponent('https://evil.example.com/')}`, { redirect: 'manual' });
    expect([refused.status, refused.headers.get('location')]).toEqual([400, null]);
    expect(await refused.text()).toContain('is not in the client&#39;s allowed logout URLs');
    const plain = await fetch(`${base}/v2/logout`);
    expect([plain.status, await plain.text()]).toEqual([200, expect.stringContaining('You are logged out')]);
  });
});
