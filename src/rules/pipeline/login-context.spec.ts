import type { LoginRulesInput } from '../login-rules.port';
import type { PipelineRunResult } from '../sandbox/sandbox.types';
import { mergeMetadata, outcomeFrom, rulesContextFor } from './login-context';

const input: LoginRulesInput = {
  user: { user_id: 'auth0|1', email: 'a@example.com', identities: [{ connection: 'db', provider: 'auth0', user_id: '1', isSocial: false }], created_at: '', updated_at: '', logins_count: 3 },
  protocol: 'oauth2-password',
  client: { clientId: 'web', name: 'Web', metadata: { tier: 'gold' } },
  connection: { id: 'con_1', name: 'db', strategy: 'auth0' },
  request: { ip: '203.0.113.1', userAgent: 'ua', hostname: 'login.example.com', query: { prompt: 'login' }, body: { username: 'a', password: 'secret', client_secret: 's', grant_type: 'password' } },
  sessionId: 'sid-1',
  scopes: ['openid'],
};

describe('rulesContextFor', () => {
  it('builds the Rules context of a login without credentials from the request body', () => {
    const context = rulesContextFor(input, { tenant: 'acme', environment: 'auth0', domain: 'acme.eu.auth0.com' }, { country_code: 'DE' }, new Date(1000));
    expect(context).toEqual(
      expect.objectContaining({
        tenant: 'acme',
        clientID: 'web',
        clientName: 'Web',
        clientMetadata: { tier: 'gold' },
        connection: 'db',
        connectionID: 'con_1',
        connectionStrategy: 'auth0',
        protocol: 'oauth2-password',
        stats: { loginsCount: 3 },
        sessionID: 'sid-1',
        authentication: { methods: [{ name: 'pwd', timestamp: 1000 }] },
        idToken: {},
        accessToken: { scope: ['openid'] },
      }),
    );
    expect(context.request).toEqual({ ip: '203.0.113.1', userAgent: 'ua', hostname: 'login.example.com', query: { prompt: 'login' }, body: { username: 'a', grant_type: 'password' }, geoip: { country_code: 'DE' } });
  });

  it('records no password method for a refresh', () => {
    expect(rulesContextFor({ ...input, protocol: 'oauth2-refresh-token' }, { tenant: 't', environment: 'local', domain: 'd' }, undefined).authentication).toEqual({ methods: [] });
  });
});

describe('outcomeFrom', () => {
  const result = (user: Record<string, unknown>, context: Record<string, unknown>): PipelineRunResult => ({ outcome: 'allow', user, context, metadata: { app_metadata: {}, user_metadata: {} }, rules: [], logs: [], warnings: [] });

  it('returns claims and scopes, and keeps who the user is', () => {
    const outcome = outcomeFrom(input, result({ ...input.user, user_id: 'auth0|admin', identities: [], name: 'Changed' }, { idToken: { 'https://x/a': 1 }, accessToken: { scope: ['openid', 'extra'], 'https://x/b': 2 } }));
    expect(outcome.user.user_id).toBe('auth0|1');
    expect(outcome.user.identities).toEqual(input.user.identities);
    expect(outcome.user.name).toBe('Changed');
    expect(outcome.idTokenClaims).toEqual({ 'https://x/a': 1 });
    expect(outcome.accessTokenClaims).toEqual({ 'https://x/b': 2 });
    expect(outcome.scopes).toEqual(['openid', 'extra']);
  });

  it('takes metadata from the stored user after a batched write', () => {
    const outcome = outcomeFrom(input, result({ ...input.user, app_metadata: { stale: true } }, { idToken: {}, accessToken: {} }), { ...input.user, app_metadata: { fresh: true } });
    expect(outcome.user.app_metadata).toEqual({ fresh: true });
    expect(outcome.scopes).toEqual(['openid']);
  });
});

describe('mergeMetadata', () => {
  it('merges the first level and deletes keys set to null', () => {
    expect(mergeMetadata({ a: 1, b: { c: 1 }, d: 4 }, { b: { e: 2 }, d: null, f: 'x' })).toEqual({ a: 1, b: { e: 2 }, f: 'x' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(mergeMetadata({}, JSON.parse('{"__proto__": {"polluted": true}}')))).toBe(Object.prototype);
  });
});
