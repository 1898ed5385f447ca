import { testServerUrl } from '../../../test/utils/test-database';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { diffDatabaseToSchema, diffMigrationsToSchema, withScratchDatabase } from './schema-diff';

// Needs a PostgreSQL server; an unreachable one fails the tests rather than skipping them.
// The run's PostgreSQL server (the machine's or the embedded one started by the global setup).
const serverUrl = testServerUrl();

const SCHEMA = `
datasource db {
  provider = "postgresql"
}

model Account {
  id        String   @id @db.Uuid
  email     String   @unique
  nickname  String?  @default("a;b")
  createdAt DateTime @default(now()) @map("created_at") @db.Timestamptz(3)

  @@map("accounts")
}
`;

// Written by hand as Prisma would; the ';' inside the literal and the comment must not split statements.
const MIGRATION = `-- CreateTable; accounts
CREATE TABLE "accounts" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "nickname" TEXT DEFAULT 'a;b',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "accounts_email_key" ON "accounts"("email");
`;

const CHANGED_SCHEMA = SCHEMA.replace(
  '@@map("accounts")',
  'lastSeenAt DateTime? @map("last_seen_at")\n\n  @@index([nickname])\n  @@map("accounts")',
);

async function execute(databaseUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('schema diff (Prisma WebAssembly schema engine)', () => {
  jest.setTimeout(60_000);
  let dir: string;
  let migrationsDir: string;
  let schemaPath: string;
  let changedSchemaPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'schema-diff-'));
    migrationsDir = path.join(dir, 'migrations');
    schemaPath = path.join(dir, 'schema.prisma');
    changedSchemaPath = path.join(dir, 'changed.prisma');
    await mkdir(path.join(migrationsDir, '20240101000000_init'), { recursive: true });
    await writeFile(path.join(migrationsDir, '20240101000000_init', 'migration.sql'), MIGRATION);
    await writeFile(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    await writeFile(schemaPath, SCHEMA);
    await writeFile(changedSchemaPath, CHANGED_SCHEMA);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds nothing to do when the migrations produce the schema', async () => {
    const sql = await withScratchDatabase(serverUrl, (shadowDatabaseUrl) =>
      diffMigrationsToSchema({ migrationsDir, schemaPath, shadowDatabaseUrl }),
    );
    expect(sql).toBe('');
  });

  it('emits the SQL for a column and an index added to the schema', async () => {
    const sql = await withScratchDatabase(serverUrl, (shadowDatabaseUrl) =>
      diffMigrationsToSchema({ migrationsDir, schemaPath: changedSchemaPath, shadowDatabaseUrl }),
    );
    expect(sql).toContain('ALTER TABLE "accounts" ADD COLUMN     "last_seen_at" TIMESTAMP(3)');
    expect(sql).toContain('CREATE INDEX "accounts_nickname_idx" ON "accounts"("nickname")');
  });

  it('writes the first migration from an empty migrations folder', async () => {
    const sql = await withScratchDatabase(serverUrl, (shadowDatabaseUrl) =>
      diffMigrationsToSchema({ migrationsDir: path.join(dir, 'none'), schemaPath, shadowDatabaseUrl }),
    );
    expect(sql).toContain('CREATE TABLE "accounts"');
    expect(sql).toContain('CREATE UNIQUE INDEX "accounts_email_key"');
  });

  it('matches a database migrated from the files against the schema', async () => {
    await withScratchDatabase(serverUrl, async (databaseUrl) => {
      await execute(databaseUrl, MIGRATION);
      expect(await diffDatabaseToSchema({ databaseUrl, schemaPath })).toBe('');

      const drift = await diffDatabaseToSchema({ databaseUrl, schemaPath: changedSchemaPath });
      expect(drift).toContain('"last_seen_at"');
      expect(drift).toContain('"accounts_nickname_idx"');
    });
  });

  it('reports a database that drifted from the schema', async () => {
    await withScratchDatabase(serverUrl, async (databaseUrl) => {
      await execute(databaseUrl, MIGRATION.replace('"email" TEXT NOT NULL', '"email" TEXT'));
      expect(await diffDatabaseToSchema({ databaseUrl, schemaPath })).toContain('ALTER COLUMN "email" SET NOT NULL');
    });
  });
});
