import type { PlacedImportError } from './chunk-errors';
import type { ChunkStatus, ImportChunkDto, ImportJobDto, ImportJobStatus, ImportSummaryDto, ImportUserErrorDto } from './dto/import-job.dto';
import type { ChunkRow, ImportJobRow } from './user-import-jobs';

const FINISHED = new Set(['completed', 'failed']);

function chunkProgress(chunk: ChunkRow): number {
  if (FINISHED.has(chunk.status)) return chunk.users;
  if (chunk.status === 'processing' && chunk.percentageDone !== null) return (chunk.users * chunk.percentageDone) / 100;
  return 0;
}

function toChunkDto(chunk: ChunkRow): ImportChunkDto {
  const dto: ImportChunkDto = {
    index: chunk.index,
    status: chunk.status as ChunkStatus,
    first_user: chunk.firstUser,
    users: chunk.users,
    bytes: chunk.bytes,
    attempts: chunk.attempts,
    interrupted_submissions: chunk.interruptedSubmissions,
  };
  if (chunk.providerJobId !== null) dto.provider_job_id = chunk.providerJobId;
  if (FINISHED.has(chunk.status)) dto.summary = { inserted: chunk.inserted, updated: chunk.updated, failed: chunk.failed, total: chunk.users };
  if (chunk.status === 'processing' && chunk.percentageDone !== null) dto.percentage_done = chunk.percentageDone;
  if (chunk.lastError !== null) dto.error = chunk.lastError;
  if (chunk.submittedAt !== null) dto.submitted_at = chunk.submittedAt.toISOString();
  if (chunk.completedAt !== null) dto.completed_at = chunk.completedAt.toISOString();
  return dto;
}

/** The job body of `POST /users/import` and `GET /users/import/status/{jobId}`. */
export function toImportJobDto(job: ImportJobRow): ImportJobDto {
  const summary: ImportSummaryDto = { inserted: 0, updated: 0, failed: 0, total: job.total };
  for (const chunk of job.chunks) {
    summary.inserted += chunk.inserted;
    summary.updated += chunk.updated;
    summary.failed += chunk.failed;
  }
  const done = job.chunks.reduce((n, c) => n + chunkProgress(c), 0);
  return {
    id: job.id,
    type: 'users_import',
    status: job.status as ImportJobStatus,
    connection: job.connection,
    connection_id: job.connectionId,
    upsert: job.upsert,
    ...(job.externalId !== null ? { external_id: job.externalId } : {}),
    send_completion_email: job.sendCompletionEmail,
    created_by: job.createdBy,
    created_at: job.createdAt.toISOString(),
    ...(job.completedAt !== null ? { completed_at: job.completedAt.toISOString() } : {}),
    percentage_done: job.total === 0 ? 100 : Math.floor((done / job.total) * 100),
    summary,
    chunks: job.chunks.map(toChunkDto),
  };
}

export function toImportUserErrorDto(error: PlacedImportError): ImportUserErrorDto {
  return { index: error.index, user: error.user, errors: error.errors.map((e) => ({ code: e.code, message: e.message, ...(e.path !== undefined ? { path: e.path } : {}) })) };
}
