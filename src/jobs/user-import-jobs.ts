import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';
import { PrismaService } from '../database/prisma.service';
import type { UserImportChunk, UserImportJob } from '../generated/prisma/client';
import type { PlacedImportError } from './chunk-errors';

/** A chunk as the read side shows it (its file is never read here). */
export type ChunkRow = Omit<UserImportChunk, 'file'>;
export type ImportJobRow = UserImportJob & { chunks: ChunkRow[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const importJobNotFound = () => ApiError.notFound('import_job_not_found', 'There is no import job with this id.');

/** Reads bulk imports: the job with its chunks, and the per-user errors in input order. */
@Injectable()
export class UserImportJobs {
  constructor(private readonly prisma: PrismaService) {}

  async get(jobId: string): Promise<ImportJobRow> {
    if (!UUID.test(jobId)) throw importJobNotFound();
    const job = await this.prisma.userImportJob.findUnique({ where: { id: jobId }, include: { chunks: { omit: { file: true }, orderBy: { index: 'asc' } } } });
    if (!job) throw importJobNotFound();
    return job;
  }

  async errors(jobId: string): Promise<PlacedImportError[]> {
    await this.get(jobId);
    const rows = await this.prisma.userImportError.findMany({ where: { jobId }, orderBy: [{ index: { sort: 'asc', nulls: 'last' } }, { chunk: 'asc' }, { seq: 'asc' }] });
    return rows.map((r) => ({ index: r.index, user: r.user as Record<string, unknown>, errors: r.errors as PlacedImportError['errors'] }));
  }
}
