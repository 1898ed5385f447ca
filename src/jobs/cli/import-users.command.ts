import { Presets, SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { readFile } from 'node:fs/promises';
import { CliError, cliOut } from '../../cli/cli-output';
import { ApiError } from '../../common/errors/api-error';
import { CreateUserImport } from '../create-user-import.usecase';
import type { ImportJobDto } from '../dto/import-job.dto';
import { toImportJobDto } from '../import-job.mapper';
import { UserImportJobs } from '../user-import-jobs';

interface Options {
  connection?: string;
  upsert?: boolean;
}

const POLL_MS = 250;
const FINISHED = new Set(['completed', 'failed']);

/** A refusal as the terminal shows it: the message, then each problem on its own line. */
function cliError(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const details = (error.details ?? []).map((d) => `\n  - ${d.path}: ${d.message}`).join('');
  return new CliError(`${error.message}${details}`);
}

/**
 * `users:import FILE [--connection NAME] [--upsert]` (also `import`): the bulk import of
 * `POST /users/import` for a file of any size (a JSON array in Auth0's import format), with a
 * progress bar until the whole import has finished, then its summary and the users not imported.
 */
@Command({
  name: 'users:import',
  aliases: ['import'],
  arguments: '<file>',
  description: 'Import users from a JSON array in Auth0 import format (any size: split into provider jobs) and wait for the end',
})
export class ImportUsersCommand extends CommandRunner {
  constructor(
    private readonly createImport: CreateUserImport,
    private readonly jobs: UserImportJobs,
  ) {
    super();
  }

  @Option({ flags: '-c, --connection <name>', description: 'a supported connection (default: managementClient.defaultManagementConnectionName)' })
  parseConnection(value: string): string {
    return value;
  }

  @Option({ flags: '--upsert', description: 'update users that already exist (same email) instead of reporting them' })
  parseUpsert(): boolean {
    return true;
  }

  async run([file]: string[], options: Options): Promise<void> {
    const users = await this.readUsers(file);
    const created = await this.createImport
      .execute({ users, options: { connection: options.connection, upsert: options.upsert ?? false } }, { actor: { kind: 'cli' }, context: { userAgent: 'auth0-gateway-cli' }, path: '/users/import' })
      .catch((error: unknown) => Promise.reject(cliError(error)));
    cliOut(`import ${created.id} started: ${users.length} users in ${created.chunks.length} provider job${created.chunks.length === 1 ? '' : 's'}, connection ${created.connection}`);
    const job = await this.follow(created.id);
    const { inserted, updated, failed, total } = job.summary;
    cliOut(`import ${job.id} ${job.status}: ${inserted} inserted, ${updated} updated, ${failed} failed, ${total} in the file`);
    for (const chunk of job.chunks.filter((c) => c.status === 'failed')) {
      cliOut(`  provider job ${chunk.index + 1} (users ${chunk.first_user}–${chunk.first_user + chunk.users - 1}) failed: ${chunk.error ?? 'no reason given'}`);
    }
    const errors = failed ? await this.jobs.errors(job.id) : [];
    if (errors.length) {
      cliOut('not imported:');
      for (const e of errors) {
        const who = String(e.user.email ?? e.user.user_id ?? '');
        cliOut(`  - users[${e.index ?? '?'}] ${who}: ${e.errors.map((x) => `${x.code} ${x.message}${x.path ? ` (${x.path})` : ''}`).join('; ')}`);
      }
    }
    if (job.status === 'failed') throw new CliError(`import ${job.id} failed: some provider jobs did not complete`);
  }

  private async readUsers(file: string): Promise<unknown[]> {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    let users: unknown;
    try {
      users = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(users) || users.length === 0) throw new CliError(`${file} must hold a non-empty JSON array of users`);
    return users;
  }

  /** Polls the import until it has finished, drawing a progress bar on a terminal. */
  private async follow(id: string): Promise<ImportJobDto> {
    const bar = new SingleBar({ format: 'importing |{bar}| {percentage}% | {status}', hideCursor: true }, Presets.shades_classic);
    bar.start(100, 0, { status: 'pending' });
    try {
      for (;;) {
        const job = toImportJobDto(await this.jobs.get(id));
        bar.update(job.percentage_done, { status: `${job.status}, ${job.chunks.filter((c) => FINISHED.has(c.status)).length}/${job.chunks.length} provider jobs done` });
        if (FINISHED.has(job.status)) return job;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } finally {
      bar.stop();
    }
  }
}
