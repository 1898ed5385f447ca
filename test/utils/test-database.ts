import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const STATE_FILE = join(tmpdir(), `agw-test-state-${process.env.JEST_RUN_ID ?? process.ppid}.json`);

export function randomName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function testServerUrl(): string {
  const url = process.env.TEST_PG_SERVER_URL;
  if (!url) throw new Error('TEST_PG_SERVER_URL is not set: run the tests through Jest with the global setup (npm test)');
  return url;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template: each suite has its own, dropped afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = testServerUrl();
  const template = process.env.TEST_TEMPLATE_DATABASE as string;
  const name = `${template}_c${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: databaseUrlFor(server, 'postgres') });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (error) {
        // Two clones of one template at the same instant can collide; try again shortly.
        if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrlFor(server, name),
    name,
    async drop() {
      const c = new Client({ connectionString: databaseUrlFor(server, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
