import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { PrismaService } from '../../database/prisma.service';
import type { LocalImportJob } from '../../generated/prisma/client';
import { IdentityError } from '../../identity/identity.error';
import type { CreateImportJobInput, ImportJob, ImportJobError } from '../../identity/identity.types';
import { findConnectionById } from './connection-lookup';
import { newImportJobId } from './ids';
import { parseImportFile } from '../../identity/import-format/import-file.validator';
import { ImportQueue } from './import-queue';
import { LocalImportJobs } from './local-import-jobs';

/** Auth0 allows two running (pending or processing) import jobs per tenant. */
export const MAX_RUNNING_IMPORT_JOBS = 2;
/** Serialises job creation so that two simultaneous requests cannot both pass the limit. */
const CREATE_LOCK_KEY = 72_707_371;

@Injectable()
export class LocalImportJobsService extends LocalImportJobs {
  private readonly logger = new Logger(LocalImportJobsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: ImportQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async create(input: CreateImportJobInput): Promise<ImportJob> {
    const connection = findConnectionById(this.config.service.localTenant.connections, input.connectionId);
    if (!connection) throw new IdentityError(400, 'inexistent_connection', `The connection does not exist: ${input.connectionId}`);
    const users = parseImportFile(input.users);
    const job = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', CREATE_LOCK_KEY);
      const running = await tx.localImportJob.count({ where: { status: { in: ['pending', 'processing'] } } });
      if (running >= MAX_RUNNING_IMPORT_JOBS) {
        throw new IdentityError(429, 'too_many_requests', 'There are 2 active import users jobs, please wait until some of them are finished and try again');
      }
      return tx.localImportJob.create({
        data: {
          id: newImportJobId(),
          connectionId: input.connectionId,
          connection: connection.name,
          status: 'pending',
          upsert: input.upsert ?? false,
          externalId: input.externalId,
          sendCompletionEmail: input.sendCompletionEmail ?? true,
          users: users as object[],
          total: users.length,
        },
      });
    });
    // Committed first: if queueing fails here, the periodic sweep queues the job later.
    await this.queue.enqueue(job.id).catch((error: unknown) => this.logger.warn({ jobId: job.id, err: error }, 'import job not queued yet'));
    return toImportJob(job);
  }

  async get(jobId: string): Promise<ImportJob> {
    return toImportJob(await this.find(jobId));
  }

  async errors(jobId: string): Promise<ImportJobError[]> {
    await this.find(jobId);
    const rows = await this.prisma.localImportJobError.findMany({ where: { jobId }, orderBy: { position: 'asc' } });
    return rows.map((r) => ({ user: r.user as Record<string, unknown>, errors: r.errors as ImportJobError['errors'] }));
  }

  /** Deletes job data past the retention (24 h) and resumes abandoned jobs; runs every minute. */
  purgeExpired(now = new Date()): Promise<number> {
    return this.queue.maintain(now);
  }

  private async find(jobId: string): Promise<LocalImportJob> {
    const job = await this.prisma.localImportJob.findUnique({ where: { id: jobId } });
    if (!job) throw new IdentityError(404, 'inexistent_job', 'The job does not exist');
    return job;
  }
}

/** How far a processing job is, and the time left at its pace so far (Auth0's `percentage_done`, `time_left_seconds`). */
function progress(job: LocalImportJob, now: number): Pick<ImportJob, 'percentage_done' | 'time_left_seconds'> {
  if (job.status !== 'processing' || job.total === 0) return {};
  const percentage = Math.floor((job.processed / job.total) * 100);
  const elapsedSeconds = job.startedAt ? (now - job.startedAt.getTime()) / 1000 : 0;
  if (job.processed === 0 || elapsedSeconds <= 0) return { percentage_done: percentage };
  return { percentage_done: percentage, time_left_seconds: Math.ceil(((job.total - job.processed) * elapsedSeconds) / job.processed) };
}

/** Auth0's job body; the summary appears once the job has finished. */
export function toImportJob(job: LocalImportJob, now = Date.now()): ImportJob {
  const finished = job.status === 'completed' || job.status === 'failed';
  return {
    id: job.id,
    type: 'users_import',
    status: job.status as ImportJob['status'],
    connection_id: job.connectionId,
    connection: job.connection,
    ...(job.externalId !== null ? { external_id: job.externalId } : {}),
    created_at: job.createdAt.toISOString(),
    ...progress(job, now),
    ...(finished ? { summary: { inserted: job.inserted, updated: job.updated, failed: job.failed, total: job.total } } : {}),
  };
}
