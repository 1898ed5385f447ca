import { ApiProperty } from '@nestjs/swagger';

export const IMPORT_JOB_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];
export const CHUNK_STATUSES = ['queued', 'submitting', 'pending', 'processing', 'completed', 'failed'] as const;
export type ChunkStatus = (typeof CHUNK_STATUSES)[number];

export class ImportSummaryDto {
  inserted: number;
  updated: number;
  failed: number;
  /** Users in the input. */
  total: number;
}

/** One provider import job of the import. */
export class ImportChunkDto {
  index: number;
  /** `queued` (waiting for a free slot), `submitting`, then the provider job's status. */
  @ApiProperty({ enum: CHUNK_STATUSES })
  status: ChunkStatus;
  /** The provider's job id, once submitted. */
  provider_job_id?: string;
  /** Position in the input of the chunk's first user. */
  first_user: number;
  users: number;
  /** Size of its import file. */
  bytes: number;
  /** The provider's counts, once its job has finished. */
  summary?: ImportSummaryDto;
  percentage_done?: number;
  /** Submissions tried (a 429 from the provider is tried again later). */
  attempts: number;
  /**
   * Submissions a dying process left without the provider's answer (the chunk was then submitted
   * again): when above 0 the provider may have imported the chunk twice, so users it reports as
   * existing may have been created by the import itself.
   */
  interrupted_submissions: number;
  /** Why the chunk failed, or why its last submission did not go through. */
  error?: string;
  submitted_at?: string;
  completed_at?: string;
}

/**
 * A bulk import: Auth0's job body (`id`, `type`, `status`, `connection_id`, `summary`…) for the
 * whole input, with the provider jobs it is made of.
 */
export class ImportJobDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: ['users_import'] })
  type: 'users_import';
  /** `completed` once every chunk has completed; `failed` once every chunk has finished and one failed. */
  @ApiProperty({ enum: IMPORT_JOB_STATUSES })
  status: ImportJobStatus;
  connection: string;
  connection_id: string;
  upsert: boolean;
  external_id?: string;
  send_completion_email: boolean;
  /** The admin API key that started it (`cli` from the command line). */
  created_by: string;
  created_at: string;
  completed_at?: string;
  /** Share of the users the provider has processed so far, 0–100. */
  percentage_done: number;
  /** Counts so far, summed over the chunks. */
  summary: ImportSummaryDto;
  /** The provider jobs, in input order. */
  chunks: ImportChunkDto[];
}

export class ImportUserErrorItemDto {
  /** Auth0's error code, e.g. `DUPLICATED_USER`, `CONFLICT_EMAIL`. */
  code: string;
  message: string;
  /** JSON pointer into the user, e.g. `#/email`. */
  path?: string;
}

/** A user the provider did not import. */
export class ImportUserErrorDto {
  /** Position of the user in the input (null when the provider's report does not say which user it was). */
  @ApiProperty({ type: 'integer', nullable: true })
  index: number | null;
  /** The user as submitted, without password hashes. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  user: Record<string, unknown>;
  errors: ImportUserErrorItemDto[];
}
