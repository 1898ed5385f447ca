import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { runCli } from '../utils/cli';
import { createTestApp, TestApp } from '../utils/test-app';

const BCRYPT = '$2b$04$9OyqzYmQeV34O/qmCJgdPOowjT0JUcD0pu53BzzIpD4OaQrfGQr4C'; // "Imported-Passw0rd"
const DB = 'Username-Password-Authentication';

describe('CLI: users:import (import) through the bulk import (e2e)', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let idp: IdentityProvider;
  const dir = mkdtempSync(join(tmpdir(), 'agw-cli-import-'));
  const cli = (args: string[]) => runCli(args, { databaseUrl: t.database.url });
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  beforeAll(async () => {
    t = await createTestApp();
    idp = t.app.get(IDENTITY_PROVIDER);
  });
  afterAll(() => t.close());

  it('imports a file to its end and prints the summary and the users not imported, with their positions', async () => {
    await idp.createUser({ connection: DB, email: 'cli-existing@example.com', password: 'Str0ng-Passw0rd!' });
    const users = [{ email: 'cli-1@example.com', password_hash: BCRYPT, app_metadata: { plan: 'pro' } }, { email: 'cli-existing@example.com' }, { email: 'cli-2@example.com', given_name: 'Two' }];
    const result = await cli(['import', file('users.json', users)]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^import [0-9a-f-]{36} started: 3 users in 1 provider job, connection Username-Password-Authentication$/);
    expect(lines.slice(-3)).toEqual([
      expect.stringMatching(/^import [0-9a-f-]{36} completed: 2 inserted, 0 updated, 1 failed, 3 in the file$/),
      'not imported:',
      '  - users[1] cli-existing@example.com: DUPLICATED_USER The user already exists and upsert is false (#/email)',
    ]);
    await expect(idp.loginWithPassword({ clientId: 'app', clientSecret: 'app-development-secret', username: 'cli-1@example.com', password: 'Imported-Passw0rd' })).resolves.toHaveProperty('access_token');
    const [job] = await t.prisma.userImportJob.findMany({ where: { total: 3 } });
    expect(job.createdBy).toBe('cli');

    const upsert = await cli(['users:import', file('again.json', [{ email: 'cli-2@example.com', given_name: 'Second' }]), '--upsert', '--connection', DB]);
    expect(upsert.status).toBe(0);
    expect(upsert.stdout).toMatch(/completed: 0 inserted, 1 updated, 0 failed, 1 in the file/);
    expect((await idp.getUsersByEmail('cli-2@example.com'))[0].given_name).toBe('Second');
  });

  it('refuses a file with invalid users, listing each, and imports none of them', async () => {
    const result = await cli(['import', file('invalid.json', [{ email: 'cli-ok@example.com' }, { email: 'not-an-email' }, { email: 'CLI-OK@example.com' }])]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^2 users cannot be imported \(users\[1\]\.email FORMAT; users\[2\]\.email DUPLICATED_USER\); nothing was imported$/),
      "  - users[1].email: FORMAT: Object didn't pass validation for format email: not-an-email",
      '  - users[2].email: DUPLICATED_USER: The email is also the email of users[0]',
    ]);
    expect(await idp.getUsersByEmail('cli-ok@example.com')).toEqual([]);
  });

  it('explains a missing file, a file that is not a JSON array, and an unsupported connection', async () => {
    const missing = await cli(['import', join(dir, 'absent.json')]);
    expect([missing.status, missing.stderr.trim()]).toEqual([1, `cannot read ${join(dir, 'absent.json')}: no such file`]);
    const notArray = await cli(['import', file('object.json', { email: 'a@example.com' })]);
    expect([notArray.status, notArray.stderr.trim()]).toEqual([1, `${join(dir, 'object.json')} must hold a non-empty JSON array of users`]);
    const connection = await cli(['import', file('one.json', [{ email: 'a@example.com' }]), '--connection', 'Nope']);
    expect(connection.status).toBe(1);
    expect(connection.stderr.trim().split('\n')[0]).toBe('The connection "Nope" is not one of the connections this API manages.');
  });
});
