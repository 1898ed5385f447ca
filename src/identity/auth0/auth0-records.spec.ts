import { toIdentityUser, toImportJob, toImportJobErrors, toWholeIdentityUser } from './auth0-records';
import { UnusableUpstreamAnswer } from './upstream-fetch';

describe("Auth0 Management API answers as the port's types", () => {
  it('keeps the known user attributes of the right types and nothing else', () => {
    const user = toIdentityUser({
      user_id: 'auth0|1',
      email: 'a@example.com',
      email_verified: true,
      logins_count: 3,
      app_metadata: { plan: 'pro' },
      identities: [{ connection: 'db', provider: 'auth0', user_id: '1', isSocial: false, access_token: 'secret' }],
      multifactor: ['guardian'],
      name: 42,
    });
    expect(user).toEqual({ user_id: 'auth0|1', email: 'a@example.com', email_verified: true, logins_count: 3, app_metadata: { plan: 'pro' }, identities: [{ connection: 'db', provider: 'auth0', user_id: '1', isSocial: false }] });
  });

  it('leaves out what fields left out, but refuses a whole-user answer without an id', () => {
    expect(toIdentityUser({ email: 'a@example.com' })).toEqual({ email: 'a@example.com' });
    expect(() => toWholeIdentityUser({ ok: false, error: { reason: 'non-json' } })).toThrow(UnusableUpstreamAnswer);
  });

  it('maps jobs and their errors, 204 meaning none', () => {
    expect(toImportJob({ id: 'job_1', type: 'users_import', status: 'completed', connection_id: 'con_1', created_at: 'x', summary: { inserted: 1, updated: 0, failed: 0, total: 1 }, extra: true })).toEqual({
      id: 'job_1',
      type: 'users_import',
      status: 'completed',
      connection_id: 'con_1',
      created_at: 'x',
      summary: { inserted: 1, updated: 0, failed: 0, total: 1 },
    });
    expect(() => toImportJob({})).toThrow(UnusableUpstreamAnswer);
    expect(toImportJobErrors(undefined)).toEqual([]);
    expect(toImportJobErrors([{ user: { email: 'x' }, errors: [{ code: 'FORMAT', message: 'bad', path: '#/email' }] }])).toEqual([{ user: { email: 'x' }, errors: [{ code: 'FORMAT', message: 'bad', path: '#/email' }] }]);
  });
});
