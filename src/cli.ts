import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { cliModule } from './cli/cli.module';
import { CliError } from './cli/cli-output';
import { ConfigError, loadConfig } from './config/config.loader';
import { EmbeddedPostgresHandle, signalServerToStop, startEmbeddedPostgres } from './database/embedded-postgres';
import { applyMigrations } from './database/migrations';

// `npm run cli -- <command>`: the same configuration and database as the service (DATABASE_URL, or
// the embedded server under DATA_DIR: the running service's when it is up, started for the command
// otherwise). Commands print to stdout; the service log stays quiet unless LOG_LEVEL says otherwise.
/** The exit code of one of commander's own ends (help shown, unknown command…), or null for other errors. */
function commanderExitCode(error: unknown): number | null {
  const { code, exitCode } = (error ?? {}) as { code?: unknown; exitCode?: unknown };
  return typeof code === 'string' && code.startsWith('commander.') && typeof exitCode === 'number' ? exitCode : null;
}

async function main(): Promise<number> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  // A generated admin key would replace the running service's bootstrap key: only a configured one counts.
  if (config.generated.ADMIN_API_KEY) config.env.ADMIN_API_KEY = undefined;
  let embedded: EmbeddedPostgresHandle | null = null;
  let databaseUrl = config.env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: config.env.DATA_DIR, database: 'gateway' });
    databaseUrl = embedded.url;
    // commander exits the process itself for a subcommand's --help: the server must not outlive it.
    const { owned, databaseDir } = embedded;
    if (owned) process.on('exit', () => signalServerToStop(databaseDir));
  }
  let status = 0;
  try {
    await applyMigrations(databaseUrl);
    await CommandFactory.run(cliModule({ config, databaseUrl }), {
      logger: ['error', 'warn'],
      cliName: 'auth0-gateway',
      serviceErrorHandler: (error) => {
        const ended = commanderExitCode(error);
        if (ended !== null) {
          status = ended; // help, version, unknown command or option: commander has printed its message
          return;
        }
        process.stderr.write(`${error instanceof CliError ? error.message : (error.stack ?? error.message)}\n`);
        status = 1;
      },
      errorHandler: (error) => {
        // Thrown so that commander does not exit the process before the database is closed.
        throw error;
      },
    });
  } finally {
    await embedded?.stop();
  }
  return status;
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  },
);
