import { runCli } from '../utils/cli';
import { createTestApp, TestApp } from '../utils/test-app';

describe('CLI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('api-keys:create prints a key that the running service accepts with exactly those scopes', async () => {
    const result = await runCli(['api-keys:create', 'reporting', '--scopes', 'events:read'], { databaseUrl: t.database.url });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const key = result.stdout.trim().split('\n').pop() as string;
    expect(key).toMatch(/^agw_/);
    const listed = await t.inject({ method: 'GET', url: '/admin/api-keys', headers: { 'x-api-key': key } });
    expect(listed.statusCode).toBe(403); // the key is valid but lacks `admin`
  });

  it('refuses unknown scopes and duplicate names with a one-line message and status 1', async () => {
    const bad = await runCli(['api-keys:create', 'x', '--scopes', 'everything'], { databaseUrl: t.database.url });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^unknown scopes: everything; use admin, /);
    const dup = await runCli(['api-keys:create', 'reporting', '--scopes', 'events:read'], { databaseUrl: t.database.url });
    expect(dup.status).toBe(1);
    expect(dup.stderr.trim()).toBe('an API key named "reporting" already exists');
  });
});
