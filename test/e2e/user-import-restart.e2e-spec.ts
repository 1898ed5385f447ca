import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { importFinished, importStatus, ProviderJobTracker } from '../support/import-api';
import { ProviderSetup, PROVIDERS_UNDER_TEST } from '../support/identity-providers';
import { createTestApp, TestApp, testEnv } from '../utils/test-app';
import { createTestDatabase, TestDatabase } from '../utils/test-database';
import { waitFor } from '../utils/wait-for';

const USERS = 50_000;
const EXISTING = [5, 12_345, 31_000, 49_999];
const BCRYPT = '$2b$04$9OyqzYmQeV34O/qmCJgdPOowjT0JUcD0pu53BzzIpD4OaQrfGQr4C';
const AUTH0_FILE_LIMIT = 500 * 1000; // whichever way Auth0 counts a kilobyte

/** About 200 bytes a user as JSON, a third with a bcrypt hash: 10 MB for 50,000. */
function user(i: number): Record<string, unknown> {
  return {
    email: `user${String(i).padStart(5, '0')}@bulk.example.com`,
    email_verified: i % 2 === 0,
    given_name: `Given${i}`,
    family_name: `Family${i % 97}`,
    app_metadata: { plan: ['free', 'pro', 'team'][i % 3], customer: `cus_${(i * 7919).toString(36)}` },
    ...(i % 3 === 0 ? { password_hash: BCRYPT } : { user_metadata: { locale: 'en', newsletter: i % 5 === 0 } }),
  };
}

describe.each(PROVIDERS_UNDER_TEST)('bulk import of 50,000 users across a restart with $name (e2e)', (provider) => {
  jest.setTimeout(600_000);
  let database: TestDatabase;
  let setup: ProviderSetup;
  let config: Record<string, unknown>;
  /** The local tenant's database: the gateway's own, or the facade's app's. */
  let db: Client;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    setup = await provider.start({ ...DEVELOPMENT_CONFIG, userImport: { pollIntervalMs: 200 } });
    config = setup.configDocument;
    db = new Client({ connectionString: setup.tenant?.database.url ?? database.url });
    await db.connect();
  });
  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await db.end();
    await setup.close();
    await database.drop();
  });
  /** Reads the gateway's own tables (the import's chunks). */
  const gatewayDb = async <T>(run: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };

  it('imports every user in provider jobs of at most 500 KB, never more than 2 running, and finishes after a restart', async () => {
    const tracker = new ProviderJobTracker();
    const first = await createTestApp({ database, configDocument: config });
    apps.push(first);
    tracker.watch(first.app.get<IdentityProvider>(IDENTITY_PROVIDER));
    for (const i of EXISTING) await first.app.get<IdentityProvider>(IDENTITY_PROVIDER).createUser({ connection: 'Username-Password-Authentication', email: user(i).email as string, password: 'Str0ng-Passw0rd!' });

    // The provider's own view, sampled: running import jobs in the local tenant.
    let providerRunningMax = 0;
    const sampling = new Client({ connectionString: setup.tenant?.database.url ?? database.url });
    await sampling.connect();
    let sampled: Promise<unknown> = Promise.resolve();
    const sampler = setInterval(() => {
            sampled = sampled.then(() =>
              sampling.query<{ n: number }>("SELECT count(*)::int AS n FROM local_import_jobs WHERE status IN ('pending', 'processing')").then(
                ({ rows }) => (providerRunningMax = Math.max(providerRunningMax, rows[0].n)),
                () => undefined,
              ),
            );
          }, 50);

    try {
      const users = Array.from({ length: USERS }, (_, i) => user(i));
      const body = JSON.stringify({ users });
      expect(body.length).toBeGreaterThan(9_500_000);
      const res = await first.admin({ method: 'POST', url: '/users/import', payload: body, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(202);
      const id = res.json().id as string;
      const chunks = res.json().chunks as Array<{ bytes: number; users: number }>;
      expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(body.length / AUTH0_FILE_LIMIT));
      for (const chunk of chunks) expect(chunk.bytes).toBeLessThanOrEqual(AUTH0_FILE_LIMIT);
      expect(chunks.reduce((n, c) => n + c.users, 0)).toBe(USERS);

      // Stop the first process once a few provider jobs have finished, with more running and queued.
      await waitFor('a few chunks to finish', 300_000, async () => {
        const { rows } = await gatewayDb((c) => c.query<{ n: number }>("SELECT count(*)::int AS n FROM user_import_chunks WHERE job_id = $1 AND status = 'completed'", [id]));
        return rows[0].n >= 3 ? true : undefined;
      });
      await first.close();
      const { rows: atStop } = await gatewayDb((c) => c.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM user_import_chunks WHERE job_id = $1 GROUP BY status', [id]));
      const open = atStop.filter((r) => r.status !== 'completed').reduce((n, r) => n + r.n, 0);
      expect(open).toBeGreaterThan(2);

      const second = await createTestApp({ database, configDocument: config });
      apps.push(second);
      tracker.watch(second.app.get<IdentityProvider>(IDENTITY_PROVIDER));
      const job = await importFinished(second, id, 480_000);

      expect(job.status).toBe('completed');
      expect(job.summary).toEqual({ inserted: USERS - EXISTING.length, updated: 0, failed: EXISTING.length, total: USERS });
      expect(job.chunks.every((c) => c.status === 'completed' && c.attempts === 1)).toBe(true);
      // Each chunk went to the provider once, and the gateway never had more than 2 running.
      expect(new Set(tracker.submitted).size).toBe(job.chunks.length);
      expect(tracker.submitted).toHaveLength(job.chunks.length);
      expect(tracker.maxRunning).toBe(2);
      expect(tracker.busyAnswers).toBe(0);
      expect(providerRunningMax).toBeLessThanOrEqual(2);

      const errors = (await second.admin({ method: 'GET', url: `/users/import/status/${id}/errors` })).json() as Array<{ index: number; user: Record<string, unknown>; errors: Array<{ code: string }> }>;
      expect(errors.map((e) => [e.index, e.user.email, e.errors[0].code])).toEqual(EXISTING.map((i) => [i, user(i).email, 'DUPLICATED_USER']));
      expect(errors.some((e) => 'password_hash' in e.user)).toBe(false);
      const { rows } = await db.query<{ n: number; distinct_emails: number }>(
        "SELECT count(*)::int AS n, count(DISTINCT email_normalized)::int AS distinct_emails FROM local_users WHERE email_normalized LIKE '%@bulk.example.com'",
      );
      expect(rows[0]).toEqual({ n: USERS, distinct_emails: USERS });
      expect((await importStatus(second, id)).percentage_done).toBe(100);
    } finally {
      clearInterval(sampler);
      await sampled;
      await sampling.end();
    }
  });
});

describe('bulk import after the process running it is killed (e2e)', () => {
  jest.setTimeout(600_000);
  const ROOT = join(__dirname, '..', '..');
  const KILLED_USERS = 20_000;
  let database: TestDatabase;
  let db: Client;
  let app: TestApp | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    await app?.close();
    await db.end();
    await database.drop();
  });

  it('finishes with every user imported once when a new process takes over from a killed one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agw-import-kill-')), 'users.json');
    writeFileSync(file, JSON.stringify(Array.from({ length: KILLED_USERS }, (_, i) => user(i))));
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'test/support/user-import-app.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...testEnv({ DATABASE_URL: database.url }), IMPORT_FILE: file, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const id = await waitFor('the import to start', 120_000, async () => {
        if (child.exitCode !== null) throw new Error(`the import process exited: ${err}`);
        return /^import (\S+)$/m.exec(out)?.[1];
      });
      // Killed once a chunk is done, with chunks still queued and both slots holding provider jobs
      // that have not finished: no slot is free, so no submission is in flight.
      await waitFor('two provider jobs under way', 300_000, async () => {
        const { rows } = await db.query<{ status: string; local: string | null }>(
          `SELECT c.status, l.status AS local FROM user_import_chunks c LEFT JOIN local_import_jobs l ON l.id = c.provider_job_id WHERE c.job_id = $1`,
          [id],
        );
        const running = rows.filter((r) => r.status === 'pending' || r.status === 'processing');
        const done = rows.filter((r) => r.status === 'completed').length;
        const queued = rows.some((r) => r.status === 'queued');
        return done >= 1 && queued && running.length === 2 && running.every((r) => r.local === 'pending' || r.local === 'processing') ? true : undefined;
      });
      child.kill('SIGKILL');
      await exited;
      const { rows: atKill } = await db.query<{ open: number }>("SELECT count(*)::int AS open FROM user_import_chunks WHERE job_id = $1 AND status <> 'completed'", [id]);
      expect(atKill[0].open).toBeGreaterThan(2);

      app = await createTestApp({ database, configDocument: { ...DEVELOPMENT_CONFIG, userImport: { pollIntervalMs: 200 } } });
      const job = await importFinished(app, id, 480_000);
      expect(job).toMatchObject({ status: 'completed', summary: { inserted: KILLED_USERS, updated: 0, failed: 0, total: KILLED_USERS } });
      expect(job.chunks.every((c) => c.interrupted_submissions === 0 && c.attempts === 1)).toBe(true);
      const { rows } = await db.query<{ n: number }>("SELECT count(DISTINCT email_normalized)::int AS n FROM local_users WHERE email_normalized LIKE '%@bulk.example.com'");
      expect(rows[0].n).toBe(KILLED_USERS);
      expect((await app.admin({ method: 'GET', url: `/users/import/status/${id}/errors` })).json()).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
