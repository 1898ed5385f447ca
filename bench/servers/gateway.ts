import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/config.loader';

// The gateway as `npm start` runs it (embedded Postgres in a temporary directory unless DATABASE_URL is set).
async function main() {
  const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: mkdtempSync(join(tmpdir(), 'agw-bench-')), ...process.env, PORT: '0', HOST: '127.0.0.1' });
  const service = await startService(config, () => undefined);
  const { port } = service.app.getHttpServer().address() as { port: number };
  process.stdout.write(`LISTENING ${port}\n`);
  process.on('SIGTERM', () => service.stop().then(() => process.exit(0)));
}
main().catch((error) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
