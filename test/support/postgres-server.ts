/**
 * A PostgreSQL server the test controls, for tests that stop the database under a running service:
 *   node -r ts-node/register/transpile-only test/support/postgres-server.ts <data dir> <port>
 * prints `READY <url>` once it accepts connections, and stops the server (fast shutdown) on SIGTERM.
 * Started again on the same directory and port, it serves the same data.
 */
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const server = await startEmbeddedPostgres({ dataDir, database: 'postgres', preferredPort: Number(port) });
  if (!server.owned || server.port !== Number(port)) throw new Error(`could not start on port ${port}`);
  process.stdout.write(`READY ${server.url}\n`);
  process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
