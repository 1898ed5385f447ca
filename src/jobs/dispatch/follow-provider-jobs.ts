import { Inject, Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service';
import { IDENTITY_PROVIDER } from '../../identity/identity-provider.port';
import type { IdentityProvider } from '../../identity/identity-provider.port';
import { IdentityError } from '../../identity/identity.error';
import type { ImportJob, ImportJobError } from '../../identity/identity.types';
import { placeChunkErrors } from '../chunk-errors';
import { ChunkKey, ChunkStore } from './chunk-store';

interface RunningChunk extends ChunkKey {
  providerJobId: string;
  firstUser: number;
  users: number;
  status: string;
  percentageDone: number | null;
}

const isNotFound = (error: unknown) => error instanceof IdentityError && error.getStatus() === 404;

/**
 * Asks the provider how its running import jobs are doing. A finished job's counts and per-user
 * errors (placed at their positions in the whole input) are stored with the chunk in one
 * transaction, and its slot is free for the next chunk.
 */
@Injectable()
export class FollowProviderJobs {
  private readonly logger = new Logger(FollowProviderJobs.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly chunks: ChunkStore,
    @Inject(IDENTITY_PROVIDER) private readonly provider: IdentityProvider,
  ) {}

  async execute(): Promise<void> {
    const running = (await this.prisma.userImportChunk.findMany({
      where: { status: { in: ['pending', 'processing'] }, providerJobId: { not: null } },
      select: { jobId: true, index: true, providerJobId: true, firstUser: true, users: true, status: true, percentageDone: true },
      orderBy: [{ submittedAt: 'asc' }],
    })) as RunningChunk[];
    for (const chunk of running) {
      try {
        await this.follow(chunk);
      } catch (error) {
        // Asked again at the next poll.
        this.logger.warn({ importId: chunk.jobId, chunk: chunk.index, providerJobId: chunk.providerJobId, err: error }, 'could not read the provider import job');
      }
    }
  }

  private async follow(chunk: RunningChunk): Promise<void> {
    const key = { jobId: chunk.jobId, index: chunk.index };
    let job: ImportJob;
    try {
      job = await this.provider.getImportJob(chunk.providerJobId);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.chunks.finish(key, { status: 'failed', inserted: 0, updated: 0, failed: chunk.users, error: `the provider has no job ${chunk.providerJobId} any more` });
      return;
    }
    if (job.status === 'pending' || job.status === 'processing') {
      const percentage = job.percentage_done ?? null;
      if (job.status !== chunk.status || percentage !== chunk.percentageDone) {
        await this.prisma.userImportChunk.update({ where: { jobId_index: key }, data: { status: job.status, percentageDone: percentage } });
      }
      return;
    }
    const summary = job.summary;
    const errors = summary && summary.failed === 0 && job.status === 'completed' ? [] : await this.errorsOf(job.id);
    const users = errors.length ? (JSON.parse((await this.chunks.file(key)).toString('utf8')) as Record<string, unknown>[]) : [];
    await this.chunks.finish(key, {
      status: job.status,
      inserted: summary?.inserted ?? 0,
      updated: summary?.updated ?? 0,
      failed: summary?.failed ?? (job.status === 'failed' ? chunk.users : 0),
      errors: placeChunkErrors(users, chunk.firstUser, errors),
      ...(job.status === 'failed' ? { error: `the provider job ${job.id} failed` } : {}),
    });
    this.logger.log({ importId: chunk.jobId, chunk: chunk.index, providerJobId: job.id, status: job.status, summary }, 'import chunk finished');
  }

  private async errorsOf(providerJobId: string): Promise<ImportJobError[]> {
    try {
      return await this.provider.getImportJobErrors(providerJobId);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }
}
