import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from '../../src/database/migrations';
import { diffDatabaseToSchema, diffMigrationsToSchema, withScratchDatabase } from '../../src/database/schema-engine/schema-diff';
import { createTestDatabase, testServerUrl } from '../utils/test-database';

const SCHEMA = join(__dirname, '..', '..', 'prisma', 'schema.prisma');

describe('migrations and schema.prisma', () => {
  it('a database migrated from the files matches schema.prisma (tables, columns, types, nullability, indexes)', async () => {
    const db = await createTestDatabase();
    try {
      expect(await diffDatabaseToSchema({ databaseUrl: db.url, schemaPath: SCHEMA })).toBe('');
    } finally {
      await db.drop();
    }
  });

  it('the migration files, replayed on a shadow database, produce exactly schema.prisma', async () => {
    await withScratchDatabase(testServerUrl(), async (shadow) => {
      expect(await diffMigrationsToSchema({ migrationsDir: MIGRATIONS_DIR, schemaPath: SCHEMA, shadowDatabaseUrl: shadow })).toBe('');
    });
  });

  it('records migrations the way Prisma Migrate does, and applying twice is a no-op', async () => {
    const db = await createTestDatabase();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = (await client.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name')).rows;
      const files = readMigrations();
      expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
      for (const row of rows) {
        const sql = readFileSync(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
        expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.applied_steps_count).toBe(1);
      }
      expect(await applyMigrations(db.url)).toEqual([]);
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
