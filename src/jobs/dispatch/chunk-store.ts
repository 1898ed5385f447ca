import { Injectable } from '@nestjs/common';
import { EncryptionService } from '../../common/crypto/encryption.service';
import { PrismaService } from '../../database/prisma.service';
import type { Prisma } from '../../generated/prisma/client';
import type { PlacedImportError } from '../chunk-errors';
import { chunkFileContext } from '../chunk-file';

type Tx = Prisma.TransactionClient;

export interface ChunkKey {
  jobId: string;
  index: number;
}

/** Chunk states in which a chunk holds one of its connection's provider slots. */
export const HOLDING_SLOT = ['submitting', 'pending', 'processing'] as const;
export const OPEN_STATES = ['queued', ...HOLDING_SLOT] as const;

/** The writes of the dispatcher: chunk transitions, and the job's end once its last chunk ends. */
@Injectable()
export class ChunkStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly encryption: EncryptionService,
  ) {}

  /** The chunk's import file, decrypted. */
  async file(key: ChunkKey): Promise<Buffer> {
    const row = await this.prisma.userImportChunk.findUniqueOrThrow({ where: { jobId_index: key }, select: { file: true } });
    if (row.file === null) throw new Error(`chunk ${key.index} of import ${key.jobId} has no file any more`);
    return this.encryption.decrypt(row.file, chunkFileContext(key.jobId, key.index));
  }

  /** Records the end of a chunk (its counts and errors) and, with the last one, of its job. */
  async finish(key: ChunkKey, outcome: { status: 'completed' | 'failed'; inserted: number; updated: number; failed: number; error?: string; errors?: PlacedImportError[] }): Promise<void> {
    await this.prisma.$transaction(
      async (tx) => {
        if (outcome.errors?.length) {
          await tx.userImportError.createMany({
            data: outcome.errors.map((e, seq) => ({ jobId: key.jobId, chunk: key.index, seq, index: e.index, user: e.user as Prisma.InputJsonObject, errors: e.errors as Prisma.InputJsonArray })),
          });
        }
        await tx.userImportChunk.update({
          where: { jobId_index: key },
          data: {
            status: outcome.status,
            inserted: outcome.inserted,
            updated: outcome.updated,
            failed: outcome.failed,
            percentageDone: null,
            file: null,
            completedAt: new Date(),
            ...(outcome.error !== undefined ? { lastError: outcome.error.slice(0, 2000) } : {}),
          },
        });
        await this.finishJobIfDone(tx, key.jobId);
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  private async finishJobIfDone(tx: Tx, jobId: string): Promise<void> {
    // The job row is locked so that two chunks ending together agree on who finishes it.
    await tx.$queryRaw`SELECT id FROM user_import_jobs WHERE id = ${jobId}::uuid FOR UPDATE`;
    const chunks = await tx.userImportChunk.groupBy({ by: ['status'], where: { jobId }, _count: true });
    const open = chunks.some((c) => c.status !== 'completed' && c.status !== 'failed');
    if (open) return;
    const failed = chunks.some((c) => c.status === 'failed');
    await tx.userImportJob.update({ where: { id: jobId }, data: { status: failed ? 'failed' : 'completed', completedAt: new Date() } });
  }
}
