import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { PrismaService } from '../../database/prisma.service';
import { IDENTITY_PROVIDER } from '../../identity/identity-provider.port';
import type { IdentityProvider } from '../../identity/identity-provider.port';
import { IdentityError } from '../../identity/identity.error';
import { ChunkKey, ChunkStore, HOLDING_SLOT } from './chunk-store';

/** A provider failure that is not the request's fault is tried again, up to this many times. */
const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Starts queued chunks as provider import jobs while their connection has a free slot
 * (`userImport.providerJobsPerConnection`), oldest job first. A 429 from the provider (Auth0 allows
 * 2 running import jobs per tenant, whatever the connection) puts the chunk back in the queue until
 * its Retry-After, or a few poll intervals, have passed; other connections go on.
 */
@Injectable()
export class SubmitQueuedChunks {
  private readonly logger = new Logger(SubmitQueuedChunks.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly chunks: ChunkStore,
    @Inject(IDENTITY_PROVIDER) private readonly provider: IdentityProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Chunks left `submitting` by a process that died while it waited for the provider's answer. */
  async requeueInterrupted(): Promise<void> {
    const { count } = await this.prisma.userImportChunk.updateMany({
      where: { status: 'submitting' },
      data: { status: 'queued', interruptedSubmissions: { increment: 1 }, lastError: 'a submission was interrupted before the provider answered; submitted again' },
    });
    if (count) this.logger.warn({ count }, 'import chunks whose submission was interrupted are submitted again; the provider may have received them twice');
  }

  async execute(): Promise<void> {
    const { providerJobsPerConnection: slots } = this.config.service.userImport;
    const holding = await this.prisma.userImportChunk.groupBy({ by: ['connectionId'], where: { status: { in: [...HOLDING_SLOT] } }, _count: true });
    const busy = new Map(holding.map((h) => [h.connectionId, h._count]));
    const now = new Date();
    const queued = await this.prisma.userImportChunk.findMany({
      where: { status: 'queued', OR: [{ notBefore: null }, { notBefore: { lte: now } }] },
      select: { jobId: true, index: true, connectionId: true, attempts: true, users: true, job: { select: { upsert: true, externalId: true, sendCompletionEmail: true } } },
      orderBy: [{ job: { createdAt: 'asc' } }, { jobId: 'asc' }, { index: 'asc' }],
      take: 200,
    });
    const refused = new Set<string>();
    for (const chunk of queued) {
      if (refused.has(chunk.connectionId) || (busy.get(chunk.connectionId) ?? 0) >= slots) continue;
      busy.set(chunk.connectionId, (busy.get(chunk.connectionId) ?? 0) + 1);
      const accepted = await this.submit(chunk);
      if (!accepted) {
        busy.set(chunk.connectionId, (busy.get(chunk.connectionId) ?? 1) - 1);
        refused.add(chunk.connectionId);
      }
    }
  }

  /** Submits one chunk; false when the provider did not take it (and it is queued again or failed). */
  private async submit(chunk: ChunkKey & { connectionId: string; attempts: number; users: number; job: { upsert: boolean; externalId: string | null; sendCompletionEmail: boolean } }): Promise<boolean> {
    const key = { jobId: chunk.jobId, index: chunk.index };
    // Committed before the call: a process dying during it leaves a trace (see requeueInterrupted).
    const claimed = await this.prisma.userImportChunk.updateMany({ where: { ...key, status: 'queued' }, data: { status: 'submitting', attempts: { increment: 1 } } });
    if (claimed.count === 0) return false;
    try {
      const job = await this.provider.createImportJob({
        connectionId: chunk.connectionId,
        users: await this.chunks.file(key),
        upsert: chunk.job.upsert,
        externalId: chunk.job.externalId ?? undefined,
        sendCompletionEmail: chunk.job.sendCompletionEmail,
      });
      await this.prisma.$transaction([
        this.prisma.userImportChunk.update({
          where: { jobId_index: key },
          data: { status: job.status === 'processing' ? 'processing' : 'pending', providerJobId: job.id, submittedAt: new Date(), lastError: null, notBefore: null },
        }),
        this.prisma.userImportJob.updateMany({ where: { id: chunk.jobId, status: 'pending' }, data: { status: 'processing' } }),
      ]);
      this.logger.log({ importId: chunk.jobId, chunk: chunk.index, providerJobId: job.id }, 'import chunk submitted');
      return true;
    } catch (error) {
      await this.refused(key, chunk, error);
      return false;
    }
  }

  private async refused(key: ChunkKey, chunk: { attempts: number; users: number }, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const attempts = chunk.attempts + 1;
    const identity = error instanceof IdentityError ? error : undefined;
    const status = identity?.getStatus();
    if (status === 429) {
      const waitMs = identity?.retryAfterSeconds !== undefined ? identity.retryAfterSeconds * 1000 : 5 * this.config.service.userImport.pollIntervalMs;
      await this.requeue(key, waitMs, `the provider is busy (429): ${message}`, true);
      return;
    }
    if ((status !== undefined && status < 500) || attempts >= MAX_ATTEMPTS) {
      // The provider refuses the file itself (or keeps failing): trying again changes nothing.
      this.logger.error({ importId: key.jobId, chunk: key.index, err: error }, 'import chunk refused by the provider');
      await this.chunks.finish(key, { status: 'failed', inserted: 0, updated: 0, failed: chunk.users, error: message });
      return;
    }
    this.logger.warn({ importId: key.jobId, chunk: key.index, err: error }, 'import chunk submission failed; trying again later');
    await this.requeue(key, Math.min(MAX_BACKOFF_MS, this.config.service.userImport.pollIntervalMs * 2 ** attempts), message);
  }

  /** Back to the queue until `waitMs` have passed; a 429 (`busy`) does not count as an attempt. */
  private async requeue(key: ChunkKey, waitMs: number, reason: string, busy = false): Promise<void> {
    await this.prisma.userImportChunk.update({
      where: { jobId_index: key },
      data: { status: 'queued', notBefore: new Date(Date.now() + waitMs), lastError: reason.slice(0, 2000), ...(busy ? { attempts: { decrement: 1 } } : {}) },
    });
  }
}
