import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Runs the built service exactly as `npm start` does (dist/main.js, no DATABASE_URL, no CONFIG_PATH):
// the embedded Postgres default is what this proves. `npm test` builds dist/ first.
const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');
const ADMIN_KEY = 'startup-test-admin-key-0123456789';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function start(dataDir: string, port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.CONFIG_PATH;
  delete env.REDIS_URL;
  delete env.NATS_URL;
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitReady(base: string, deadlineMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    try {
      if ((await fetch(`${base}/-/ready`)).status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready within ${deadlineMs} ms`);
}

function postgresRunningFor(dataDir: string): boolean {
  try {
    return execFileSync('pgrep', ['-f', join(dataDir, 'postgres')]).toString().trim().length > 0;
  } catch {
    return false;
  }
}

describe('npm start on a fresh machine (embedded defaults)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agw-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves /-/ready within 60 s and Swagger UI, stops cleanly on SIGTERM and keeps its data', async () => {
    expect(existsSync(MAIN)).toBe(true);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;

    const first = start(dataDir, port);
    try {
      const readyAfter = await waitReady(base, 60_000);
      expect(readyAfter).toBeLessThan(60_000);
      expect(first.output()).toContain(`Swagger UI:    http://localhost:${port}/documentation`);
      expect(first.output()).toContain('Configuration: built-in development configuration');
      expect(first.output()).toMatch(/Demo user:\s+demo@example\.com/);

      const ui = await fetch(`${base}/documentation`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger-ui');
      // The running app's spec is the committed one.
      const served = await (await fetch(`${base}/documentation/json`)).json();
      expect(served).toEqual(JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8')));

      const created = await fetch(`${base}/admin/api-keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'survives-restart', scopes: ['events:read'] }),
      });
      expect(created.status).toBe(201);
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toBe(0);
    expect(postgresRunningFor(dataDir)).toBe(false);

    const second = start(dataDir, port);
    try {
      await waitReady(base, 60_000);
      const keys = (await (await fetch(`${base}/admin/api-keys`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as Array<{ name: string }>;
      expect(keys.map((k) => k.name)).toContain('survives-restart');
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited).toBe(0);
    expect(postgresRunningFor(dataDir)).toBe(false);
  }, 150_000);
});
