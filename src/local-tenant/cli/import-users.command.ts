import { Inject } from '@nestjs/common';
import { Presets, SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { readFile } from 'node:fs/promises';
import { CliError, cliOut } from '../../cli/cli-output';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { IDENTITY_PROVIDER } from '../../identity/identity-provider.port';
import type { IdentityProvider } from '../../identity/identity-provider.port';
import type { ImportJob, ImportJobError } from '../../identity/identity.types';
import { orCliError, resolveConnection } from './cli-identity';

interface Options {
  connection?: string;
  upsert?: boolean;
}

const POLL_MS = 250;

/** How an error report names a user: email, else user_id, else its place in the file. */
function describeError(error: ImportJobError): string {
  const who = String(error.user.email ?? error.user.user_id ?? JSON.stringify(error.user));
  return `${who}: ${error.errors.map((e) => `${e.code} ${e.message}${e.path ? ` (${e.path})` : ''}`).join('; ')}`;
}

/**
 * `users:import FILE [--connection NAME] [--upsert]`: a bulk import job (Auth0 import file format)
 * through the identity port, with a progress bar until it completes, then its summary and errors.
 */
@Command({ name: 'users:import', arguments: '<file>', description: 'Import users from an Auth0 import file (JSON array, ≤ 500 KB) and wait for the job' })
export class ImportUsersCommand extends CommandRunner {
  constructor(
    @Inject(IDENTITY_PROVIDER) private readonly idp: IdentityProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  @Option({ flags: '-c, --connection <name>', description: 'database connection (default: the default management connection)' })
  parseConnection(value: string): string {
    return value;
  }

  @Option({ flags: '--upsert', description: 'update users that already exist (same email) instead of reporting them' })
  parseUpsert(): boolean {
    return true;
  }

  async run([file]: string[], options: Options): Promise<void> {
    const users = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    const connection = await resolveConnection(this.idp, this.config, options.connection);
    const created = await orCliError(this.idp.createImportJob({ connectionId: connection.id, users, upsert: options.upsert ?? false }));
    cliOut(`import job ${created.id} started in ${connection.name}`);
    const job = await this.follow(created.id);
    const summary = job.summary ?? { inserted: 0, updated: 0, failed: 0, total: 0 };
    cliOut(`import job ${job.id} ${job.status}: ${summary.inserted} inserted, ${summary.updated} updated, ${summary.failed} failed, ${summary.total} in the file`);
    if (job.status === 'failed') throw new CliError(`import job ${job.id} failed; see the service log`);
    const errors = summary.failed ? await orCliError(this.idp.getImportJobErrors(job.id)) : [];
    if (errors.length) cliOut(`errors:\n${errors.map((e) => `  - ${describeError(e)}`).join('\n')}`);
  }

  /** Polls the job until it is completed or failed, drawing a progress bar on a terminal. */
  private async follow(jobId: string): Promise<ImportJob> {
    const bar = new SingleBar({ format: 'importing |{bar}| {percentage}% | {status}', hideCursor: true }, Presets.shades_classic);
    bar.start(100, 0, { status: 'pending' });
    try {
      for (;;) {
        const job = await orCliError(this.idp.getImportJob(jobId));
        bar.update(job.status === 'completed' ? 100 : (job.percentage_done ?? 0), { status: job.status });
        if (job.status === 'completed' || job.status === 'failed') return job;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } finally {
      bar.stop();
    }
  }
}
