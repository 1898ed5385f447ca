import type { CreateImportJobInput, ImportJob, ImportJobError } from '../../identity/identity.types';

/**
 * Bulk user import jobs of the local tenant (Auth0 semantics: ≤ 500 KB files, at most 2 running
 * jobs, background processing on a durable queue, per-user errors, data kept 24 h).
 */
export abstract class LocalImportJobs {
  abstract create(input: CreateImportJobInput): Promise<ImportJob>;
  abstract get(jobId: string): Promise<ImportJob>;
  abstract errors(jobId: string): Promise<ImportJobError[]>;
}
