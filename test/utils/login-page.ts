import { TestApp } from './test-app';

/** The anti-CSRF token and cookie of a login page answer. */
export function loginForm(html: string, setCookie: string | string[] | undefined): { csrf: string; cookie: string } {
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = ([] as string[]).concat(setCookie ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('local_tenant_login='));
  if (!csrf || !cookie) throw new Error('not a login page');
  return { csrf, cookie };
}

/**
 * Logs in through the facade's hosted login page as a browser would (GET /authorize, POST the
 * form with its cookie) and returns the authorization code of the redirect.
 */
export async function loginThroughPage(app: TestApp, input: { query: Record<string, string>; username: string; password: string; prefix?: string }): Promise<string> {
  const prefix = input.prefix ?? '/local-tenant';
  const page = await app.inject({ method: 'GET', url: `${prefix}/authorize?${new URLSearchParams(input.query)}` });
  if (page.statusCode !== 200) throw new Error(`login page answered ${page.statusCode}: ${page.body}`);
  const { csrf, cookie } = loginForm(page.body, page.headers['set-cookie']);
  const posted = await app.inject({
    method: 'POST',
    url: `${prefix}/authorize`,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...input.query, csrf, username: input.username, password: input.password }).toString(),
  });
  const location = posted.headers.location;
  if (posted.statusCode !== 302 || typeof location !== 'string') throw new Error(`login answered ${posted.statusCode}: ${posted.body}`);
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}
