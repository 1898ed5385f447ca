/**
 * A real application process for restart tests, run with
 *   node -r ts-node/register/transpile-only test/support/import-worker-app.ts
 * on DATABASE_URL. It optionally creates import jobs from the files in IMPORT_FILES (comma-separated
 * paths) and keeps processing until it is killed; it prints `job <id>` per job and `ready`.
 */
import { readFileSync } from 'node:fs';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config.loader';
import { LocalImportJobs } from '../../src/local-tenant/import/local-import-jobs';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  // A fixed key, so that every process of a test reads what the others encrypted, and nothing is written to DATA_DIR.
  const config = loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: 'restart-test-admin-key-0123456789', DEMO_PASSWORD: 'Demo-Passw0rd!', ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'), ...process.env, CONFIG_PATH: undefined });
  const batchSize = Number(process.env.IMPORT_BATCH_SIZE ?? '');
  if (batchSize > 0) config.service.localTenant.importJobs.batchSize = batchSize;
  const app = await createApp({ config, databaseUrl });
  const jobs = app.get(LocalImportJobs);
  for (const path of (process.env.IMPORT_FILES ?? '').split(',').filter(Boolean)) {
    const job = await jobs.create({ connectionId: process.env.IMPORT_CONNECTION_ID ?? 'con_DevelopmentUser1', users: readFileSync(path) });
    process.stdout.write(`job ${job.id}\n`);
  }
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
