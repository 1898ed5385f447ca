/**
 * Schema diffs computed by Prisma's own schema engine, in its WebAssembly build.
 *
 * `diffMigrationsToSchema` answers "which SQL would a new migration contain?" and
 * `diffDatabaseToSchema` answers "does this live database match schema.prisma?". Both return an empty
 * string when there is nothing to change. The engine reaches PostgreSQL through `@prisma/adapter-pg`, so
 * no native engine binary is involved.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Pool, Client } from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineGlue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { DiffTarget, MigrationList, SchemaEngine, SchemasContainer } from '@prisma/schema-engine-wasm/schema_engine_bg';

export interface MigrationsDiffOptions {
  /** Folder holding `<timestamp>_<name>/migration.sql` directories and `migration_lock.toml`. */
  migrationsDir: string;
  schemaPath: string;
  /** A database the migrations are replayed into; its `public` schema is dropped first. */
  shadowDatabaseUrl: string;
}

export interface DatabaseDiffOptions {
  databaseUrl: string;
  schemaPath: string;
}

/** SQL that brings a database built from the migration files up to the schema ('' when they agree). */
export async function diffMigrationsToSchema(opts: MigrationsDiffOptions): Promise<string> {
  const [migrations, schema] = await Promise.all([readMigrations(opts.migrationsDir), readSchema(opts.schemaPath)]);
  return withEngine(opts.shadowDatabaseUrl, async (engine) => {
    // The engine replays the migrations into the shadow database as it finds it; like `prisma migrate`
    // with a configured shadow database, start from an empty one.
    await engine.reset({ filter: NO_FILTER });
    return diff(engine, { tag: 'migrations', ...migrations }, { tag: 'schemaDatamodel', ...schema });
  });
}

/** SQL that brings the live database to the schema ('' when they match). The database is only read. */
export async function diffDatabaseToSchema(opts: DatabaseDiffOptions): Promise<string> {
  const schema = await readSchema(opts.schemaPath);
  // `schemaDatasource` describes the database behind the engine's adapter connection; URL targets are
  // not supported by the WebAssembly engine.
  const from: DiffTarget = { tag: 'schemaDatasource', ...schema, configDir: path.dirname(opts.schemaPath) };
  return withEngine(opts.databaseUrl, (engine) => diff(engine, from, { tag: 'schemaDatamodel', ...schema }));
}

/** Runs `fn` with the URL of a new, empty database on the server of `serverUrl`, and drops it afterwards. */
export async function withScratchDatabase<T>(serverUrl: string, fn: (databaseUrl: string) => Promise<T>): Promise<T> {
  const name = `scratch_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return await fn(url.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

const NO_FILTER = { externalTables: [], externalEnums: [] };

async function diff(engine: SchemaEngine, from: DiffTarget, to: DiffTarget): Promise<string> {
  const { stdout } = await engine.diff({ from, to, script: true, exitCode: null, filters: NO_FILTER });
  const sql = stdout ?? '';
  // An empty diff comes back as a comment ("-- This is an empty migration.").
  return /^\s*(--[^\n]*\s*)*$/.test(sql) ? '' : sql;
}

async function readSchema(schemaPath: string): Promise<SchemasContainer> {
  return { files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }] };
}

/** Reads the migrations folder the way the Prisma CLI does: directories in name order, each with migration.sql. */
async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: Error) => ({ tag: 'error' as const, value: error.message }),
        ),
      },
    })),
  );
  // The engine takes its connector from the lock file and refuses to start without one (e.g. before
  // the first migration); this module only speaks PostgreSQL.
  const lockContent = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8').catch(
    () => 'provider = "postgresql"\n',
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

// The TypeScript libs of this project (ES2023 + Node types) do not declare the WebAssembly global.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

let wasmReady: Promise<void> | undefined;

/**
 * The package is a wasm-bindgen "bundler" build whose entry point imports the .wasm file as a module,
 * which Node cannot do; so instantiate the binary here and hand its exports to the JS glue (once per
 * process, the glue keeps them in module state).
 */
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': engineGlue });
    engineGlue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

/** Creates an engine whose main and shadow connections both go to `databaseUrl`. */
async function withEngine<T>(databaseUrl: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await loadWasm();
  const pool = enginePool(databaseUrl);
  const connect = () => adapterFor(pool);
  // The engine expects the error-capturing wrapper Prisma itself puts around adapters: methods bound to
  // their objects, results as { ok, value } / { ok: false, error }.
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect,
    connectToShadowDb: connect,
  });
  try {
    const engine = await engineGlue.SchemaEngine.new({ datamodels: undefined }, () => {}, factory);
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}

/**
 * adapter-pg 7.10 rejects result columns of PostgreSQL's internal `"char"` type (oid 18), which the
 * engine's schema describer selects (`pg_constraint.contype`). Their values are one-letter strings, so
 * report the columns as text (oid 25).
 * PostgreSQL 18 also lists NOT NULL constraints in pg_constraint (contype 'n'), which this engine's
 * describer does not know and panics on; nullability is read from pg_attribute anyway, so those rows
 * are dropped.
 */
function enginePool(databaseUrl: string): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  type Result = { fields?: { name: string; dataTypeID: number }[]; rows?: unknown[]; rowCount?: number | null };
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<Result>;
  (pool as unknown as { query: typeof query }).query = async (...args) => {
    const result = await query(...args);
    const fields = result.fields ?? [];
    for (const field of fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
    const typeIndex = fields.findIndex((f) => f.name === 'constraint_type');
    if (typeIndex >= 0 && Array.isArray(result.rows)) {
      const isNotNull = (row: unknown) => (Array.isArray(row) ? row[typeIndex] : (row as Record<string, unknown>).constraint_type) === 'n';
      result.rows = result.rows.filter((row) => !isNotNull(row));
      result.rowCount = result.rows.length;
    }
    return result;
  };
  return pool;
}

async function adapterFor(pool: Pool) {
  // The pool is ours and ended in withEngine, whatever the engine disposes.
  const adapter = await new PrismaPg(pool).connect();
  // adapter-pg's executeScript splits scripts on every ';' (breaking string literals, comments and
  // function bodies). Send the whole script as one simple query instead, as Prisma's native engine does:
  // without parameters pg uses the simple protocol, which accepts several statements.
  adapter.executeScript = async (script: string) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}
