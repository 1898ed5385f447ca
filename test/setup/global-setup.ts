import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { applyMigrations } from '../../src/database/migrations';
import { databaseUrlFor, randomName, STATE_FILE } from '../utils/test-database';

/**
 * One PostgreSQL for the whole run — the machine's (DATABASE_URL) or an embedded one — and one
 * migrated template database that every suite clones.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  let embeddedDir: string | undefined;
  if (!serverUrl) {
    embeddedDir = mkdtempSync(join(tmpdir(), 'agw-test-pg-'));
    const embedded = await startEmbeddedPostgres({ dataDir: embeddedDir, database: 'postgres', preferredPort: 0 });
    serverUrl = embedded.url;
    (globalThis as { __embeddedPg?: unknown }).__embeddedPg = embedded;
  }
  const template = randomName('agw_tmpl');
  const admin = new Client({ connectionString: databaseUrlFor(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  await applyMigrations(databaseUrlFor(serverUrl, template));

  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_TEMPLATE_DATABASE = template;
  writeFileSync(STATE_FILE, JSON.stringify({ serverUrl, template, embeddedDir }));
}
