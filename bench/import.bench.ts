/**
 * Import throughput of the local tenant's bulk import jobs (users/s, pre-hashed bcrypt), against a
 * raw multi-row INSERT of the same rows into local_users measured in the same run.
 *
 *   npm run bench -- import            (DATABASE_URL → that server; else an embedded PostgreSQL)
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config.loader';
import { LocalImportJobs } from '../src/local-tenant/import/local-import-jobs';
import { openBenchDatabase } from './lib/database';
import { reportResult } from './lib/result';

const ROUNDS = 3;
const FILES = 2; // Auth0 runs at most two import jobs at a time
const USERS_PER_FILE = 5000; // ~490 KB per file with a bcrypt hash each: just under the 500 KB limit
const INSERT_ROWS = 1000;
const CONNECTION_ID = 'con_DevelopmentUser1';
const BCRYPT = '$2b$10$9OyqzYmQeV34O/qmCJgdPOowjT0JUcD0pu53BzzIpD4OaQrfGQr4C';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function files(round: number): Array<Array<{ email: string; password_hash: string }>> {
  return Array.from({ length: FILES }, (_, f) =>
    Array.from({ length: USERS_PER_FILE }, (_, i) => ({ email: `${String.fromCharCode(97 + round * FILES + f)}${String(i).padStart(4, '0')}@t.io`, password_hash: BCRYPT })),
  );
}

/** The baseline: the same rows written with plain multi-row INSERT statements of 1000 rows. */
async function rawInsert(db: Client, users: Array<{ email: string; password_hash: string }>): Promise<number> {
  const started = performance.now();
  for (let offset = 0; offset < users.length; offset += INSERT_ROWS) {
    const chunk = users.slice(offset, offset + INSERT_ROWS);
    const values: unknown[] = [];
    const tuples = chunk.map((u, i) => {
      values.push(randomBytes(12).toString('hex'), u.email, u.email.toLowerCase(), u.password_hash);
      const p = i * 4;
      return `($${p + 1}, '${CONNECTION_ID}', 'Username-Password-Authentication', $${p + 2}, $${p + 3}, $${p + 4}, now())`;
    });
    await db.query(
      `INSERT INTO local_users (id, connection_id, connection, email, email_normalized, password_hash, updated_at) VALUES ${tuples.join(', ')}`,
      values,
    );
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase('bench_import');
  const databaseUrl = bench.url;
  const db = new Client({ connectionString: databaseUrl });
  try {
    const config = loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: 'bench-admin-key-0123456789abcdef', DEMO_PASSWORD: 'Demo-Passw0rd!', ENCRYPTION_KEY: randomBytes(32).toString('base64'), PATH: process.env.PATH });
    const app = await createApp({ config, databaseUrl });
    const jobs = app.get(LocalImportJobs);
    await db.connect();

    const jobRates: number[] = [];
    const rawRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const batches = files(round);
      const total = FILES * USERS_PER_FILE;

      const rawMs = await rawInsert(db, batches.flat());
      rawRates.push(total / (rawMs / 1000));
      await db.query('DELETE FROM local_users');

      // From the API call to the last committed batch, including validation, queueing and polling.
      const started = performance.now();
      const ids: string[] = [];
      for (const users of batches) ids.push((await jobs.create({ connectionId: CONNECTION_ID, users: Buffer.from(JSON.stringify(users)) })).id);
      for (;;) {
        const states = await Promise.all(ids.map((id) => jobs.get(id)));
        if (states.every((s) => s.status === 'completed' || s.status === 'failed')) {
          const inserted = states.reduce((n, s) => n + (s.summary?.inserted ?? 0), 0);
          if (inserted !== total) throw new Error(`expected ${total} users imported, got ${inserted}`);
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      const jobMs = performance.now() - started;
      jobRates.push(total / (jobMs / 1000));
      await db.query('DELETE FROM local_users');
      console.log(`round ${round + 1}: import jobs ${(total / (jobMs / 1000)).toFixed(0)} users/s (${jobMs.toFixed(0)} ms), raw INSERT ${(total / (rawMs / 1000)).toFixed(0)} users/s (${rawMs.toFixed(0)} ms)`);
    }
    await app.close();
    reportResult({
      name: 'import',
      metric: 'users_per_s',
      value: median(jobRates),
      baseline: median(rawRates),
      target: '≥ 0.3',
      notes: { users_per_round: FILES * USERS_PER_FILE, rounds: ROUNDS, jobs_per_round: FILES, batch_size: config.service.localTenant.importJobs.batchSize },
    });
  } finally {
    await db.end().catch(() => undefined);
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
