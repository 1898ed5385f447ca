import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { PrismaService } from '../../database/prisma.service';
import { FileKeys, primeFileKeys, writeImportBatch } from './import-batch.writer';

/**
 * Imports the users of one job in batches. Each batch is one transaction that writes the users,
 * their errors and the job's new position together, so a process killed at any moment leaves the
 * job exactly at the end of its last committed batch: resuming loses and duplicates nothing.
 */
@Injectable()
export class ProcessImportJob {
  private readonly logger = new Logger(ProcessImportJob.name);

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs the job to its end, or until `shouldStop` answers true between two batches. */
  async execute(jobId: string, shouldStop: () => boolean = () => false): Promise<void> {
    const job = await this.prisma.localImportJob.findUnique({ where: { id: jobId } });
    if (!job || job.status === 'completed' || job.status === 'failed') return;
    if (job.status === 'pending') {
      await this.prisma.localImportJob.update({ where: { id: jobId }, data: { status: 'processing', startedAt: new Date() } });
    }
    const users = job.users as unknown[];
    const target = { connectionId: job.connectionId, connection: job.connection, upsert: job.upsert };
    const batchSize = this.config.service.localTenant.importJobs.batchSize;
    const keys = new FileKeys();
    primeFileKeys(users.slice(0, job.processed), keys);
    let position = job.processed;
    try {
      while (position < users.length) {
        if (shouldStop()) return;
        const batch = users.slice(position, position + batchSize);
        const advanced = await this.prisma.$transaction(
          async (tx) => {
            // The row lock serialises writers of one job; a position moved by someone else means
            // another worker owns the job now.
            const [current] = await tx.$queryRawUnsafe<Array<{ processed: number }>>('SELECT processed FROM local_import_jobs WHERE id = $1 FOR UPDATE', jobId);
            if (!current || current.processed !== position) return false;
            const outcome = await writeImportBatch(tx, target, batch, position, keys);
            if (outcome.errors.length) {
              await tx.localImportJobError.createMany({
                data: outcome.errors.map((e) => ({ jobId, position: e.position, user: e.user as object, errors: e.errors })),
              });
            }
            await tx.localImportJob.update({
              where: { id: jobId },
              data: {
                processed: position + batch.length,
                inserted: { increment: outcome.inserted },
                updated: { increment: outcome.updated },
                failed: { increment: outcome.failed },
              },
            });
            return true;
          },
          { timeout: 60_000, maxWait: 10_000 },
        );
        if (!advanced) return;
        position += batch.length;
      }
      await this.prisma.localImportJob.update({ where: { id: jobId }, data: { status: 'completed', completedAt: new Date() } });
      this.logger.log({ jobId, total: users.length }, 'import job completed');
    } catch (error) {
      // Interrupted by a shutdown (e.g. the database client closing): the job resumes at the next start.
      if (shouldStop()) {
        this.logger.warn({ jobId, err: error }, 'import job interrupted by shutdown');
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error({ jobId, err: error }, 'import job failed');
      await this.prisma.localImportJob.update({
        where: { id: jobId },
        data: { status: 'failed', completedAt: new Date(), failureReason: reason.slice(0, 2000) },
      });
    }
  }
}
