import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { MAX_IMPORT_FILE_BYTES } from '../../src/identity/import-format/import-file.validator';
import { createTestDatabase, TestDatabase } from '../utils/test-database';
import { waitFor } from '../utils/wait-for';

const ROOT = join(__dirname, '..', '..');
const BCRYPT = '$2b$04$9OyqzYmQeV34O/qmCJgdPOowjT0JUcD0pu53BzzIpD4OaQrfGQr4C';
const USERS_PER_FILE = 5000;
/** Where each file has an invalid user, and what Auth0 reports for it. */
const INVALID_AT = [100, 4500, 4900];
const EXPECTED_ERRORS = [
  { code: 'FORMAT', path: '#/email' },
  { code: 'DUPLICATED_USER', path: '#/email' },
  { code: 'OBJECT_ADDITIONAL_PROPERTIES', path: '#/favourite_colour' },
];
function invalidUser(prefix: string, kind: number): Record<string, unknown> {
  if (kind === 0) return { email: `${prefix}-not-an-email`, password_hash: BCRYPT };
  if (kind === 1) return { email: `${prefix}0000@t.io`, password_hash: BCRYPT }; // the file's first user again
  return { email: `${prefix}-extra@t.io`, favourite_colour: 'blue' };
}

interface AppProcess {
  child: ChildProcess;
  jobIds: string[];
  exited: Promise<number | null>;
}

/** Starts the application in its own Node process and resolves once it printed `ready`. */
function startApp(databaseUrl: string, files: string[] = []): Promise<AppProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'test/support/import-worker-app.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, IMPORT_FILES: files.join(','), IMPORT_BATCH_SIZE: '100', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const jobIds: string[] = [];
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const match of out.matchAll(/^job (\S+)$/gm)) if (!jobIds.includes(match[1])) jobIds.push(match[1]);
      if (/^ready$/m.test(out)) resolve({ child, jobIds, exited });
    });
    void exited.then((code) => reject(new Error(`app exited with ${code} before it was ready: ${err}`)));
  });
}

describe('local tenant import jobs survive a killed process (e2e)', () => {
  jest.setTimeout(180_000);
  let database: TestDatabase;
  let db: Client;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    await db.end();
    await database.drop();
  });

  it('imports 10,000 bcrypt users across a SIGKILL mid-job with nothing lost or duplicated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agw-import-'));
    const files = ['a', 'b'].map((prefix) => {
      const users: unknown[] = Array.from({ length: USERS_PER_FILE }, (_, i) => ({ email: `${prefix}${String(i).padStart(4, '0')}@t.io`, password_hash: BCRYPT }));
      // Invalid users early (imported before the kill) and late (after the restart): each must be reported once.
      for (const [offset, position] of INVALID_AT.entries()) users.splice(position, 0, invalidUser(prefix, offset));
      const path = join(dir, `${prefix}.json`);
      writeFileSync(path, JSON.stringify(users));
      expect(JSON.stringify(users).length).toBeLessThanOrEqual(MAX_IMPORT_FILE_BYTES);
      return path;
    });

    const first = await startApp(database.url, files);
    running.push(first.child);
    expect(first.jobIds).toHaveLength(2);

    // Kill the process for real once the import is under way but far from done.
    const progress = async () => {
      const { rows } = await db.query<{ processed: number }>('SELECT coalesce(sum(processed), 0)::int AS processed FROM local_import_jobs');
      return rows[0].processed;
    };
    await waitFor('import progress', 60_000, async () => ((await progress()) >= 500 ? true : undefined));
    first.child.kill('SIGKILL');
    await first.exited;

    const atKill = await db.query<{ status: string; processed: number; failed: number; errors: number; users: number }>(
      `SELECT j.status, j.processed, j.failed, (SELECT count(*)::int FROM local_import_job_errors e WHERE e.job_id = j.id) AS errors,
              (SELECT count(*)::int FROM local_users WHERE email_normalized LIKE '%@t.io') AS users FROM local_import_jobs j`,
    );
    const processedAtKill = atKill.rows.reduce((n, r) => n + r.processed, 0);
    const failedAtKill = atKill.rows.reduce((n, r) => n + r.failed, 0);
    expect(processedAtKill).toBeLessThan(2 * USERS_PER_FILE);
    expect(atKill.rows.some((r) => r.status === 'processing' || r.status === 'pending')).toBe(true);
    // Committed progress, committed users and committed errors agree at the moment of the kill.
    expect(atKill.rows[0].users + failedAtKill).toBe(processedAtKill);
    for (const row of atKill.rows) expect(row.errors).toBe(row.failed);

    const second = await startApp(database.url);
    running.push(second.child);
    const jobs = await waitFor('both jobs to finish', 120_000, async () => {
      const { rows } = await db.query<{ id: string; status: string; inserted: number; updated: number; failed: number; total: number }>(
        'SELECT id, status, inserted, updated, failed, total FROM local_import_jobs ORDER BY id',
      );
      return rows.every((r) => r.status === 'completed' || r.status === 'failed') ? rows : undefined;
    });

    expect(jobs.map((j) => j.id).sort()).toEqual([...first.jobIds].sort());
    for (const job of jobs) expect(job).toMatchObject({ status: 'completed', inserted: USERS_PER_FILE, updated: 0, failed: INVALID_AT.length, total: USERS_PER_FILE + INVALID_AT.length });
    // (Only the imported users: the development configuration may seed its demo user too.)
    const users = await db.query<{ total: number; emails: number; ids: number; hashed: number }>(
      `SELECT count(*)::int AS total, count(DISTINCT email_normalized)::int AS emails, count(DISTINCT id)::int AS ids,
              count(*) FILTER (WHERE password_hash = $1)::int AS hashed FROM local_users WHERE email_normalized LIKE '%@t.io'`,
      [BCRYPT],
    );
    expect(users.rows[0]).toEqual({ total: 10_000, emails: 10_000, ids: 10_000, hashed: 10_000 });
    // Auth0's error report: every invalid user once, in file order, as {user, errors: [{code, message, path}]}, hashes left out.
    for (const job of jobs) {
      const { rows } = await db.query<{ position: number; user: Record<string, unknown>; errors: unknown[] }>(
        'SELECT position, "user", errors FROM local_import_job_errors WHERE job_id = $1 ORDER BY position',
        [job.id],
      );
      expect(rows.map((r) => r.position)).toEqual(INVALID_AT);
      rows.forEach((row, kind) => {
        expect(row.user).not.toHaveProperty('password_hash');
        expect(row.errors).toEqual([{ ...EXPECTED_ERRORS[kind], message: expect.any(String) }]);
      });
    }

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
