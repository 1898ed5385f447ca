import { Logger } from '@nestjs/common';
import { createTestApp, TEST_ADMIN_KEY, TestApp } from '../utils/test-app';

describe('logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'debug' }, captureLogs: true });
  });
  afterAll(() => t.close());

  it('never contain credentials from headers, query strings or logged objects', async () => {
    await t.inject({
      method: 'GET',
      url: '/admin/api-keys?code=AUTHCODE123&state=STATE456&page=2',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, cookie: 'sid=SESSIONCOOKIE789', 'x-api-key': 'HEADERKEY000' },
    });
    new Logger('Test').log({
      msg: 'login attempt',
      password: 'PLAINPASSWORD',
      client: { clientSecret: 'CLIENTSECRET', name: 'visible-name' },
      tokens: { refresh_token: 'REFRESHTOKEN', id_token: 'IDTOKEN' },
      headers: { authorization: 'Bearer NESTEDAUTH', 'set-cookie': 'sid=SETCOOKIE' },
    });
    new Logger('Test').error(Object.assign(new Error('upstream refused'), { config: { headers: { Authorization: 'Bearer ERRORAUTH' } } }));
    await new Promise((r) => setTimeout(r, 50));
    const text = t.logs.join('\n');
    expect(text).toContain('visible-name');
    expect(text).toContain('upstream refused');
    expect(text).toContain('/admin/api-keys?code=[REDACTED]&state=[REDACTED]&page=2');
    for (const secret of [TEST_ADMIN_KEY, 'AUTHCODE123', 'STATE456', 'SESSIONCOOKIE789', 'HEADERKEY000', 'PLAINPASSWORD', 'CLIENTSECRET', 'REFRESHTOKEN', 'IDTOKEN', 'NESTEDAUTH', 'SETCOOKIE', 'ERRORAUTH']) {
      expect(text).not.toContain(secret);
    }
  });

  it('do not log health probes', async () => {
    const before = t.logs.length;
    await t.inject({ method: 'GET', url: '/-/healthz' });
    await new Promise((r) => setTimeout(r, 20));
    expect(t.logs.slice(before).filter((l) => l.includes('/-/healthz'))).toEqual([]);
  });
});
