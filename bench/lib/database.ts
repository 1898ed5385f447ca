import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { applyMigrations } from '../../src/database/migrations';

export interface BenchDatabase {
  url: string;
  /** Drops the database (once its connections have closed) and stops the embedded server, if any. */
  close(): Promise<void>;
}

/**
 * A fresh, migrated database on the server of DATABASE_URL, or on an embedded PostgreSQL in a
 * temporary directory.
 */
export async function openBenchDatabase(prefix: string): Promise<BenchDatabase> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'agw-bench-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir, database: 'postgres', preferredPort: 0 });
    serverUrl = embedded.url;
  }
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const close = async () => {
    await dropWhenIdle(admin, name);
    await admin.end();
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await applyMigrations(url.toString());
  } catch (error) {
    await close();
    throw error;
  }
  return { url: url.toString(), close };
}

/**
 * Drops the database once the benchmark's connections have closed: a pool reports itself ended
 * before its sockets are, and forcing the drop under a closing client crashes the process.
 */
async function dropWhenIdle(admin: Client, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      return;
    } catch (error) {
      if (!/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
