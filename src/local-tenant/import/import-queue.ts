import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { Client } from 'pg';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { DATABASE_URL } from '../../database/database.module';
import { PrismaService } from '../../database/prisma.service';
import { ProcessImportJob } from './process-import-job.usecase';

const IMPORT_QUEUE = 'local-tenant-user-import';
const MAINTENANCE_QUEUE = 'local-tenant-user-import-maintenance';
/** First key of the two-key advisory locks that mark a job as being worked on. */
const LOCK_CLASS = 72_707_370;
/** Serialises queue creation across replicas. */
const QUEUE_SETUP_LOCK = 72_707_372;

/**
 * The durable queue of import jobs (pg-boss, in its own `pgboss` schema). A worker holds a
 * session advisory lock on the job it imports; the lock vanishes with the worker's connection, so a
 * job left `pending`/`processing` whose lock is free has no worker and is queued again — at start
 * and every minute — which is how a job interrupted by a crash or a restart resumes.
 */
@Injectable()
export class ImportQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ImportQueue.name);
  private boss?: PgBoss;
  private stopping = false;
  private readonly workerIds: string[] = [];

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly processJob: ProcessImportJob,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = new PgBoss({ connectionString: this.databaseUrl, schema: 'pgboss', max: 4, application_name: 'auth0-gateway-import' });
    boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
    await boss.start();
    this.boss = boss;
    await this.createQueues(boss);
    const { concurrency } = this.config.service.localTenant.importJobs;
    for (let i = 0; i < concurrency; i++) {
      this.workerIds.push(
        await boss.work<{ jobId: string }>(IMPORT_QUEUE, { pollingIntervalSeconds: 1, batchSize: 1 }, async ([job]) => this.run(job.data.jobId)),
      );
    }
    await boss.work(MAINTENANCE_QUEUE, { pollingIntervalSeconds: 30 }, async () => this.maintain());
    await boss.schedule(MAINTENANCE_QUEUE, '* * * * *');
    await this.requeueOrphans();
  }

  /** Creates the queues once; replicas starting together on a new database would otherwise deadlock in pg-boss. */
  private async createQueues(boss: PgBoss): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [QUEUE_SETUP_LOCK]);
      // `short`: at most one queued (not yet started) job per import job id.
      await boss.createQueue(IMPORT_QUEUE, { name: IMPORT_QUEUE, policy: 'short', retryLimit: 0, expireInSeconds: 2 * 60 * 60 });
      await boss.createQueue(MAINTENANCE_QUEUE, { name: MAINTENANCE_QUEUE, policy: 'short', retryLimit: 0 });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [QUEUE_SETUP_LOCK]).catch(() => undefined);
      await client.end();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    // Workers stop between two batches; what is left resumes on the next start.
    await this.boss?.stop({ graceful: true, wait: true, timeout: 15_000 });
  }

  /** Queues an import job; the insert of the job row has already been committed. */
  async enqueue(jobId: string): Promise<void> {
    if (!this.boss) throw new Error('the import queue is not started');
    await this.boss.send(IMPORT_QUEUE, { jobId }, { singletonKey: jobId });
    for (const id of this.workerIds) this.boss.notifyWorker(id);
  }

  /** Deletes job data older than the retention and re-queues jobs nobody works on. */
  async maintain(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.service.localTenant.importJobs.retentionHours * 3600_000);
    // Errors go with their job (ON DELETE CASCADE).
    const { count } = await this.prisma.localImportJob.deleteMany({ where: { createdAt: { lt: cutoff } } });
    if (count) this.logger.log({ count }, 'deleted expired import jobs');
    await this.requeueOrphans();
    return count;
  }

  /** Jobs pending or processing whose advisory lock is free have no worker: queue them again. */
  async requeueOrphans(): Promise<void> {
    if (this.stopping) return;
    const open = await this.prisma.localImportJob.findMany({ where: { status: { in: ['pending', 'processing'] } }, select: { id: true } });
    if (!open.length) return;
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      for (const { id } of open) {
        const { rows } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [LOCK_CLASS, id]);
        if (!rows[0].free) continue;
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, id]);
        await this.enqueue(id);
      }
    } finally {
      await client.end();
    }
  }

  private async run(jobId: string): Promise<void> {
    // A dedicated connection holds the lock for the whole job: if this process dies, Postgres
    // releases it and another process takes the job over.
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [LOCK_CLASS, jobId]);
      if (!rows[0].locked) return; // another worker has it
      await this.processJob.execute(jobId, () => this.stopping);
    } finally {
      await client.end();
    }
  }
}
