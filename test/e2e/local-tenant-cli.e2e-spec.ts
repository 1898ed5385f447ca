import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { runCli } from '../utils/cli';
import { identityFailure } from '../utils/identity-errors';
import { createTestApp, TestApp } from '../utils/test-app';

describe('local tenant CLI: users:create, users:unblock (e2e)', () => {
  jest.setTimeout(90_000);
  let t: TestApp;
  let idp: IdentityProvider;
  const cli = (args: string[], input?: string) => runCli(args, { databaseUrl: t.database.url, input });
  const login = (username: string, password: string, ip = '198.51.100.9') =>
    idp.loginWithPassword({ clientId: 'app', clientSecret: 'app-development-secret', username, password, context: { ip } });

  beforeAll(async () => {
    t = await createTestApp();
    idp = t.app.get(IDENTITY_PROVIDER);
  });
  afterAll(() => t.close());

  it('users:create makes a user who can log in, with the password given or read from standard input', async () => {
    const given = await cli(['users:create', '--email', 'cli-one@example.com', '--password', 'Cli-Passw0rd']);
    expect(given.stderr).toBe('');
    expect(given.status).toBe(0);
    expect(given.stdout.trim()).toMatch(/^created auth0\|[0-9a-f]{24} \(cli-one@example\.com\) in Username-Password-Authentication$/);
    await expect(login('cli-one@example.com', 'Cli-Passw0rd')).resolves.toHaveProperty('access_token');

    const piped = await cli(['users:create', '--email', 'cli-two@example.com'], 'Piped-Passw0rd\n');
    expect(piped.status).toBe(0);
    await expect(login('cli-two@example.com', 'Piped-Passw0rd')).resolves.toHaveProperty('access_token');
  });

  it("users:create reports the tenant's refusals on one line, with the broken rules", async () => {
    const weak = await cli(['users:create', '--email', 'cli-weak@example.com', '--password', 'weak']);
    expect(weak.status).toBe(1);
    expect(weak.stderr.trim().split('\n')).toEqual([
      'PasswordStrengthError: Password is too weak',
      '  - password: At least 8 characters in length',
      '  - password: Contain upper case letters (A-Z)',
      '  - password: Contain numbers (i.e. 0-9)',
    ]);
    const duplicate = await cli(['users:create', '--email', 'CLI-ONE@example.com', '--password', 'Cli-Passw0rd']);
    expect([duplicate.status, duplicate.stderr.trim()]).toEqual([1, 'The user already exists.']);
    const connection = await cli(['users:create', '--email', 'x@example.com', '--password', 'Cli-Passw0rd', '--connection', 'Nope']);
    expect([connection.status, connection.stderr.trim()]).toEqual([1, 'no connection named "Nope" (connections: Username-Password-Authentication)']);
    const empty = await cli(['users:create', '--email', 'cli-empty@example.com'], '');
    expect([empty.status, empty.stderr.trim()]).toEqual([1, 'a password is required (--password, or type it when asked)']);
  });

  it('users:unblock lifts brute-force blocks (by email or id) and the blocked flag', async () => {
    const user = await idp.createUser({ connection: 'Username-Password-Authentication', email: 'locked@example.com', password: 'Locked-Passw0rd' });
    for (let i = 0; i < 10; i++) await identityFailure(login('locked@example.com', 'wrong', '203.0.113.80'));
    expect((await identityFailure(login('locked@example.com', 'Locked-Passw0rd', '203.0.113.80'))).code).toBe('too_many_attempts');
    const byEmail = await cli(['users:unblock', 'locked@example.com']);
    expect(byEmail.status).toBe(0);
    expect(byEmail.stdout.trim()).toBe(`unblocked ${user.user_id} (locked@example.com, Username-Password-Authentication): brute-force blocks lifted`);
    await expect(login('locked@example.com', 'Locked-Passw0rd', '203.0.113.80')).resolves.toHaveProperty('access_token');

    await idp.updateUser(user.user_id, { blocked: true });
    const byId = await cli(['users:unblock', user.user_id]);
    expect(byId.stdout.trim()).toBe(`unblocked ${user.user_id} (locked@example.com, Username-Password-Authentication): brute-force blocks lifted and the blocked flag cleared`);
    await expect(login('locked@example.com', 'Locked-Passw0rd')).resolves.toHaveProperty('access_token');

    const unknown = await cli(['users:unblock', 'auth0|000000000000000000000000']);
    expect([unknown.status, unknown.stderr.trim()]).toEqual([1, 'The user does not exist.']);
    const noEmail = await cli(['users:unblock', 'nobody@example.com']);
    expect([noEmail.status, noEmail.stderr.trim()]).toEqual([1, 'no user with the email nobody@example.com']);
  });
});
