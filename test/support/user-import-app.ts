/**
 * A real application process for the import crash test, run with
 *   node -r ts-node/register/transpile-only test/support/user-import-app.ts
 * on DATABASE_URL. With IMPORT_FILE it starts a bulk import of that file (as POST /users/import
 * does) and prints `import <id>`; it prints `ready`, then keeps dispatching until it is killed.
 */
import { readFileSync } from 'node:fs';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config.loader';
import { CreateUserImport } from '../../src/jobs/create-user-import.usecase';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  // The test's fixed encryption key, so that the test's own app reads what this process encrypted.
  const config = loadConfig({ LOG_LEVEL: 'silent', ADMIN_API_KEY: 'import-crash-admin-key-0123456789', DEMO_PASSWORD: 'Demo-Passw0rd!', ...process.env, CONFIG_PATH: undefined });
  config.service.userImport.pollIntervalMs = 200;
  const app = await createApp({ config, databaseUrl });
  if (process.env.IMPORT_FILE) {
    const users = JSON.parse(readFileSync(process.env.IMPORT_FILE, 'utf8')) as unknown[];
    const job = await app.get(CreateUserImport).execute({ users, options: {} }, { actor: { kind: 'cli' }, context: {}, path: '/users/import' });
    process.stdout.write(`import ${job.id}\n`);
  }
  process.stdout.write('ready\n');
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
