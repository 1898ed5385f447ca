import { hostAllowed, sandboxHttp } from './sandbox-http';

describe('hostAllowed', () => {
  const allow = (url: string, list: string[]) => hostAllowed(new URL(url), list);

  it('matches exact hosts, subdomain wildcards and pinned ports', () => {
    expect(allow('https://api.mixpanel.com/track', ['api.mixpanel.com'])).toBe(true);
    expect(allow('https://API.Mixpanel.com/track', ['api.mixpanel.com'])).toBe(true);
    expect(allow('https://mixpanel.com/', ['api.mixpanel.com'])).toBe(false);
    expect(allow('https://hooks.slack.com/x', ['*.slack.com'])).toBe(true);
    expect(allow('https://slack.com/x', ['*.slack.com'])).toBe(false);
    expect(allow('https://evilslack.com/x', ['*.slack.com'])).toBe(false);
    expect(allow('http://127.0.0.1:8081/', ['127.0.0.1:8081'])).toBe(true);
    expect(allow('http://127.0.0.1:8082/', ['127.0.0.1:8081'])).toBe(false);
    expect(allow('http://[::1]:8080/', ['[::1]'])).toBe(true);
    expect(allow('http://[::1]:8080/', ['[::1]:9090'])).toBe(false);
    expect(allow('https://example.com/', [])).toBe(false);
  });
});

describe('sandboxHttp', () => {
  const policy = { allowList: ['example.com'], timeoutMs: 100, maxResponseBytes: 10 };

  it('answers with an error for what it refuses, without sending anything', async () => {
    expect(await sandboxHttp({ url: 'https://other.example/' }, policy)).toEqual({ code: 'EHOSTNOTALLOWED', error: expect.stringContaining('other.example') });
    expect(await sandboxHttp({ url: 'ftp://example.com/' }, policy)).toEqual({ code: 'EPROTOCOL', error: expect.any(String) });
    expect(await sandboxHttp({ url: 'not a url' }, policy)).toEqual({ code: 'EINVALIDURL', error: expect.any(String) });
    expect(await sandboxHttp({ url: 'https://example.com/', method: 'CONNECT' }, policy)).toEqual({ code: 'EINVALIDMETHOD', error: expect.any(String) });
    expect(await sandboxHttp({ url: 'https://example.com/', method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) }, policy)).toEqual({ code: 'EBODYTOOLARGE', error: expect.any(String) });
  });
});

