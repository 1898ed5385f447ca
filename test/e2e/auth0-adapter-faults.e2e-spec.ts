import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyError } from '../../src/common/errors/error-classifier';
import type { IdentityProvider } from '../../src/identity/identity-provider.port';
import { createAuth0Adapter, rewritingFetch } from '../utils/auth0-wiring';
import { errorShape, identityFailure } from '../utils/identity-errors';

type Handler = (req: IncomingMessage, res: ServerResponse) => boolean | void;

/**
 * A stand-in for an Auth0 tenant that misbehaves on demand: it answers discovery and
 * client-credentials tokens like Auth0, and whatever the test's handler says for the rest.
 */
class FaultyTenant {
  readonly requests: Array<{ method: string; path: string; at: number }> = [];
  handler: Handler = () => false;
  private readonly hanging = new Set<ServerResponse>();
  private server!: Server;

  constructor(readonly domain: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      this.requests.push({ method: req.method ?? '', path, at: Date.now() });
      req.resume();
      req.on('end', () => {
        if (this.handler(req, res) !== false) return;
        if (path === '/.well-known/openid-configuration') return this.json(res, 200, this.discovery());
        if (path === '/oauth/token') return this.json(res, 200, { access_token: 'management-token', token_type: 'Bearer', expires_in: 86400 });
        this.json(res, 404, { statusCode: 404, error: 'Not Found', message: 'Not found', errorCode: 'not_found' });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Keeps the response open, as an upstream that never answers. */
  hang(res: ServerResponse): void {
    this.hanging.add(res);
  }

  json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  count(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private discovery() {
    const issuer = `https://${this.domain}/`;
    return { issuer, token_endpoint: `${issuer}oauth/token`, userinfo_endpoint: `${issuer}userinfo`, jwks_uri: `${issuer}.well-known/jwks.json`, revocation_endpoint: `${issuer}oauth/revoke`, authorization_endpoint: `${issuer}authorize` };
  }
}

const USER = { user_id: 'auth0|5f1b2c3d4e5f60718293a4b5', email: 'ada@example.com', identities: [], created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' };
const USER_PATH = `/api/v2/users/${encodeURIComponent(USER.user_id)}`;
const APP = { clientId: 'app', clientSecret: 'app-secret' };

describe('Auth0 adapter against a misbehaving tenant: retries, timeouts, bad answers (e2e)', () => {
  let tenant: FaultyTenant;
  let idp: IdentityProvider;
  let close: () => Promise<void>;
  let counter = 0;

  async function start(policy: { timeoutMs?: number; maxRetries?: number; retryBudgetMs?: number } = {}) {
    // A domain of its own for each case: AuthClient caches discovery per domain for the whole process.
    tenant = new FaultyTenant(`faults-${process.pid}-${++counter}.test`);
    const url = await tenant.start();
    const adapter = await createAuth0Adapter({ domain: tenant.domain, fetch: rewritingFetch(tenant.domain, url), timeoutMs: 500, maxRetries: 3, retryBudgetMs: 3_000, ...policy });
    idp = adapter.provider;
    close = adapter.close;
  }
  afterEach(async () => {
    await close?.();
    await tenant?.stop();
  });

  const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
    const started = Date.now();
    const result = await work();
    return { result, ms: Date.now() - started };
  };

  it('honours Retry-After on a rate-limit 429, then succeeds', async () => {
    await start();
    let calls = 0;
    tenant.handler = (req, res) => {
      if (!req.url?.startsWith(USER_PATH)) return false;
      if (++calls <= 2) return tenant.json(res, 429, { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests' }, { 'retry-after': '1' });
      tenant.json(res, 200, USER);
    };
    const { result, ms } = await timed(() => idp.getUser(USER.user_id));
    expect(result).toMatchObject({ user_id: USER.user_id, email: 'ada@example.com' });
    expect(tenant.count(USER_PATH)).toBe(3);
    expect(ms).toBeGreaterThanOrEqual(2_000);
    expect(ms).toBeLessThan(4_000);
  });

  it('waits for x-ratelimit-reset when a 429 says no request is left', async () => {
    await start();
    let calls = 0;
    tenant.handler = (req, res) => {
      if (!req.url?.startsWith(USER_PATH)) return false;
      const reset = String(Math.ceil(Date.now() / 1000) + 1);
      if (++calls === 1) return tenant.json(res, 429, { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached' }, { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
      tenant.json(res, 200, USER);
    };
    const { ms } = await timed(() => idp.getUser(USER.user_id));
    expect(tenant.count(USER_PATH)).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(200);
    expect(ms).toBeLessThan(2_500);
  });

  it('retries a 503 after a short backoff, then succeeds', async () => {
    await start();
    let calls = 0;
    tenant.handler = (req, res) => {
      if (!req.url?.startsWith(USER_PATH)) return false;
      if (++calls === 1) return tenant.json(res, 503, { statusCode: 503, error: 'Service Unavailable', message: 'try again' });
      tenant.json(res, 200, USER);
    };
    const { result, ms } = await timed(() => idp.getUser(USER.user_id));
    expect(result.user_id).toBe(USER.user_id);
    expect(tenant.count(USER_PATH)).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(150);
    expect(ms).toBeLessThan(1_500);
  });

  it('gives up after maxRetries: 1 + maxRetries attempts in bounded time, then 502 upstream_error', async () => {
    await start({ maxRetries: 2 });
    tenant.handler = (req, res) => (req.url?.startsWith(USER_PATH) ? tenant.json(res, 503, { statusCode: 503, error: 'Service Unavailable', message: 'down for maintenance', errorCode: 'unavailable' }) : false);
    const { result: error, ms } = await timed(() => identityFailure(idp.getUser(USER.user_id)));
    expect(errorShape(error)).toEqual({ status: 502, code: 'upstream_error', message: 'Auth0 answered 503 (unavailable): down for maintenance' });
    expect(tenant.count(USER_PATH)).toBe(3);
    // Backoffs of about 200 and 400 ms.
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(2_000);
  });

  it('does not wait for a Retry-After beyond its budget: the 429 comes back at once, with when to retry', async () => {
    await start({ retryBudgetMs: 1_000 });
    tenant.handler = (req, res) =>
      req.url?.startsWith(USER_PATH) ? tenant.json(res, 429, { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests' }, { 'retry-after': '30' }) : false;
    const { result: error, ms } = await timed(() => identityFailure(idp.getUser(USER.user_id)));
    expect(errorShape(error)).toEqual({ status: 429, code: 'too_many_requests', message: 'Global limit has been reached' });
    expect(error.retryAfterSeconds).toBe(30);
    expect(error.headers).toEqual({ 'retry-after': '30' });
    expect(tenant.count(USER_PATH)).toBe(1);
    expect(ms).toBeLessThan(1_000);
  });

  it('never repeats a blocked-account 429 of the token endpoint', async () => {
    await start();
    tenant.handler = (req, res) =>
      req.url === '/oauth/token' ? tenant.json(res, 429, { error: 'too_many_attempts', error_description: 'Your account has been blocked after multiple consecutive login attempts.' }) : false;
    const error = await identityFailure(idp.loginWithPassword({ ...APP, username: 'ada@example.com', password: 'x', context: { ip: '203.0.113.1' } }));
    expect(errorShape(error)).toEqual({ status: 429, code: 'too_many_attempts', message: 'Your account has been blocked after multiple consecutive login attempts.' });
    expect(tenant.count('/oauth/token')).toBe(1);
  });

  it('abandons a hanging Management API call after timeoutMs: 504 upstream_timeout, which the gateway answers as 504', async () => {
    await start({ timeoutMs: 300 });
    tenant.handler = (req, res) => (req.url?.startsWith(USER_PATH) ? tenant.hang(res) : false);
    const { result: error, ms } = await timed(() => identityFailure(idp.getUser(USER.user_id)));
    expect(errorShape(error)).toEqual({ status: 504, code: 'upstream_timeout', message: 'Auth0 did not answer within 300 ms.' });
    expect(tenant.count(USER_PATH)).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1_500);
    // No product route calls the port yet; the global exception filter classifies every error this way.
    expect(classifyError(error)).toEqual({ status: 504, errorCode: 'upstream_timeout', message: 'Auth0 did not answer within 300 ms.', internal: false });
  });

  it('abandons a hanging login (discovery, then the token endpoint) after timeoutMs', async () => {
    await start({ timeoutMs: 300 });
    tenant.handler = (req, res) => (req.url?.startsWith('/.well-known/openid-configuration') ? tenant.hang(res) : false);
    expect((await identityFailure(idp.loginWithPassword({ ...APP, username: 'ada@example.com', password: 'x' }))).code).toBe('upstream_timeout');
    tenant.handler = (req, res) => (req.url === '/oauth/token' ? tenant.hang(res) : false);
    const { result: error, ms } = await timed(() => identityFailure(idp.loginWithPassword({ ...APP, username: 'ada@example.com', password: 'x' })));
    expect(errorShape(error)).toEqual({ status: 504, code: 'upstream_timeout', message: 'Auth0 did not answer within 300 ms.' });
    expect(ms).toBeLessThan(1_500);
  });

  it('answers 502 upstream_error for a success whose JSON is malformed, on both APIs, and the process goes on', async () => {
    await start();
    tenant.handler = (req, res) => {
      if (req.url?.startsWith(USER_PATH) || req.url === '/oauth/token' && req.method === 'POST' && tenant.count('/oauth/token') > 1) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"user_id": "auth0|5f1b', () => undefined);
        return;
      }
      return false;
    };
    expect(errorShape(await identityFailure(idp.getUser(USER.user_id)))).toEqual({ status: 502, code: 'upstream_error', message: 'Auth0 answered 200 with a body that is not valid JSON.' });
    expect(errorShape(await identityFailure(idp.loginWithPassword({ ...APP, username: 'ada@example.com', password: 'x' })))).toEqual({ status: 502, code: 'upstream_error', message: 'Auth0 answered 200 with a body that is not valid JSON.' });
    tenant.handler = (req, res) => (req.url?.startsWith(USER_PATH) ? tenant.json(res, 200, USER) : false);
    await expect(idp.getUser(USER.user_id)).resolves.toMatchObject({ user_id: USER.user_id });
  });

  it('answers 502 for an HTML error page of a proxy, naming the status', async () => {
    await start({ maxRetries: 0 });
    tenant.handler = (req, res) => {
      if (!req.url?.startsWith(USER_PATH)) return false;
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>');
    };
    expect(errorShape(await identityFailure(idp.getUser(USER.user_id)))).toEqual({ status: 502, code: 'upstream_error', message: 'Auth0 answered 502 (bad_gateway): Bad Gateway' });
  });

  it('answers 502 when the tenant cannot be reached, after its retries', async () => {
    await start({ maxRetries: 1 });
    await tenant.stop();
    const { result: error, ms } = await timed(() => identityFailure(idp.getUser(USER.user_id)));
    expect(error.getStatus()).toBe(502);
    expect(error.code).toBe('upstream_error');
    expect(error.message).toMatch(/^Auth0 could not be reached: /);
    expect(ms).toBeLessThan(2_000);
  });
});
