import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { applyMigrations } from '../../src/database/migrations';
import { asJsonLines, traffic } from '../support/auth0-events';
import { configWith, postBatch } from '../support/log-streams';
import { createTestApp, TestApp } from '../utils/test-app';
import { databaseUrlFor } from '../utils/test-database';

const ROOT = join(__dirname, '..', '..');
const BATCHES = 30;
const PER_BATCH = 100;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL server of this test alone, so that stopping it disturbs nobody else. */
class OwnPostgres {
  private child?: ChildProcess;
  url = '';
  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  start(): Promise<void> {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'test/support/postgres-server.ts'), this.dataDir, String(this.port)], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /^READY (\S+)$/m.exec(out);
        if (match) {
          this.url = match[1];
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`postgres server exited with ${code}: ${err}`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

describe('POST /log-streams/:name while the database goes down and comes back (e2e)', () => {
  jest.setTimeout(180_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'agw-outage-pg-'));
  let postgres: OwnPostgres;
  let t: TestApp;
  let databaseUrl: string;

  beforeAll(async () => {
    postgres = new OwnPostgres(dataDir, await freePort());
    await postgres.start();
    const admin = new Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE outage');
    await admin.end();
    databaseUrl = databaseUrlFor(postgres.url, 'outage');
    await applyMigrations(databaseUrl);
    t = await createTestApp({ configDocument: configWith(), database: { url: databaseUrl, name: 'outage', drop: async () => undefined } });
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 while it is down and, once Auth0 redelivers, has every event exactly once', async () => {
    const batches = Array.from({ length: BATCHES }, (_, i) => asJsonLines(traffic(PER_BATCH, { from: new Date(Date.now() - 3_600_000), to: new Date(), salt: 500 + i })));
    const statuses: number[] = [];
    const unavailable: Array<Record<string, unknown>> = [];
    let outage: Promise<void> | undefined;

    // Like Auth0: send each batch until it is acknowledged with a 2xx, waiting a little after a failure.
    for (let i = 0; i < batches.length; i++) {
      for (;;) {
        const res = await postBatch(t, batches[i]);
        statuses.push(res.statusCode);
        if (res.statusCode === 200) break;
        if (res.statusCode === 503) unavailable.push({ ...res.json(), retryAfter: res.headers['retry-after'] });
        await new Promise((r) => setTimeout(r, 100));
      }
      if (i === 9) {
        // Stop the database after the tenth batch; bring it back two seconds later.
        outage = postgres.stop().then(async () => {
          await new Promise((r) => setTimeout(r, 2000));
          await postgres.start();
        });
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await outage;

    expect(unavailable.length).toBeGreaterThan(0);
    for (const body of unavailable) expect(body).toMatchObject({ statusCode: 503, errorCode: 'database_unavailable', retryAfter: '5' });
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);

    const check = new Client({ connectionString: databaseUrl });
    await check.connect();
    try {
      const { rows } = await check.query('SELECT count(*)::int AS events, count(DISTINCT log_id)::int AS distinct_ids, (SELECT count(*)::int FROM log_event_keys) AS keys FROM log_events');
      expect(rows[0]).toEqual({ events: BATCHES * PER_BATCH, distinct_ids: BATCHES * PER_BATCH, keys: BATCHES * PER_BATCH });
    } finally {
      await check.end();
    }
    // A redelivery of everything afterwards adds nothing.
    let duplicates = 0;
    for (const batch of batches) duplicates += (await postBatch(t, batch)).json().duplicates as number;
    expect(duplicates).toBe(BATCHES * PER_BATCH);
  });
});
