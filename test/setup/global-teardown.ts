import { readFileSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { databaseUrlFor, STATE_FILE } from '../utils/test-database';

export default async function globalTeardown(): Promise<void> {
  const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { serverUrl: string; template: string; embeddedDir?: string };
  const embedded = (globalThis as { __embeddedPg?: { stop(): Promise<void> } }).__embeddedPg;
  if (embedded) {
    await embedded.stop();
    if (state.embeddedDir) rmSync(state.embeddedDir, { recursive: true, force: true });
  } else {
    const admin = new Client({ connectionString: databaseUrlFor(state.serverUrl, 'postgres') });
    await admin.connect();
    // Suites drop their own databases; this catches those a crashed suite left behind.
    const leftovers = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${state.template}\\_c%`]);
    for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS "${state.template}" WITH (FORCE)`);
    await admin.end();
  }
  rmSync(STATE_FILE, { force: true });
}
