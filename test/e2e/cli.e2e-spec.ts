import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('on the embedded default, leaves no database server behind, whichever way commander ends', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agw-cli-'));
    try {
      const help = await runCli(['--help'], { databaseUrl: '', env: { DATABASE_URL: undefined, DATA_DIR: dataDir } });
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('api-keys:create');
      const subcommandHelp = await runCli(['api-keys:create', '--help'], { databaseUrl: '', env: { DATABASE_URL: undefined, DATA_DIR: dataDir } });
      expect(subcommandHelp.status).toBe(0);
      expect(subcommandHelp.stdout).toContain('--scopes');
      const unknown = await runCli(['no-such-command'], { databaseUrl: '', env: { DATABASE_URL: undefined, DATA_DIR: dataDir } });
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain("unknown command 'no-such-command'");
      await new Promise((r) => setTimeout(r, 1500)); // fast shutdown is asynchronous
      const running = (() => {
        try {
          return execFileSync('pgrep', ['-f', join(dataDir, 'postgres')]).toString().trim();
        } catch {
          return '';
        }
      })();
      expect(running).toBe('');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
