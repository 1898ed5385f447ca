import { censor, CENSORED, sanitizeUrl } from './redaction';

describe('censor', () => {
  it('replaces sensitive values at every level, whatever their case, and leaves the rest', () => {
    const logged = {
      msg: 'login',
      Password: 'p',
      client: { name: 'web', clientSecret: 's', nested: { deeper: { refresh_token: 'r', keep: 1 } } },
      headers: [{ authorization: 'Bearer x' }, { accept: 'json' }],
    };
    expect(censor(logged)).toEqual({
      msg: 'login',
      Password: CENSORED,
      client: { name: 'web', clientSecret: CENSORED, nested: { deeper: { refresh_token: CENSORED, keep: 1 } } },
      headers: [{ authorization: CENSORED }, { accept: 'json' }],
    });
  });

  it('never changes the caller’s objects, and copies nothing when there is nothing to hide', () => {
    const headers = { authorization: 'Bearer x' };
    const logged = { headers, safe: { a: 1 } };
    const out = censor(logged);
    expect(headers.authorization).toBe('Bearer x');
    expect(out.safe).toBe(logged.safe);
    const clean = { a: { b: [1, 2] } };
    expect(censor(clean)).toBe(clean);
  });

  it('keeps an error’s message and stack when one of its properties is censored', () => {
    const error = Object.assign(new Error('upstream refused'), { config: { headers: { Authorization: 'Bearer leaked' } } });
    const out = censor({ err: error }).err as Error & { config: { headers: Record<string, string> } };
    expect(out.message).toBe('upstream refused');
    expect(out.stack).toBe(error.stack);
    expect(out.config.headers.Authorization).toBe(CENSORED);
    expect(error.config.headers.Authorization).toBe('Bearer leaked');
  });

  it('walks cyclic objects once and censors what they hold', () => {
    const a: Record<string, unknown> = { name: 'a', secret: 's' };
    a.self = a;
    a.list = [a, { token: 't' }];
    const out = censor(a);
    expect(out.secret).toBe(CENSORED);
    expect(out.self).toBe('[Circular]');
    expect((out.list as unknown[])[0]).toBe('[Circular]');
    expect((out.list as Array<Record<string, unknown>>)[1].token).toBe(CENSORED);
    expect(JSON.stringify(out)).not.toMatch(/"s"|"t"/);
    const shared = { token: 'x' };
    const both = censor({ one: shared, two: shared });
    expect(both.one).toEqual({ token: CENSORED });
    expect(both.two).toBe(both.one);
  });
});

describe('sanitizeUrl', () => {
  it('removes credentials from query strings', () => {
    expect(sanitizeUrl('/cb?code=abc&state=s&page=2')).toBe('/cb?code=[REDACTED]&state=[REDACTED]&page=2');
  });
});
