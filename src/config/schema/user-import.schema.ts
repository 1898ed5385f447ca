import { z } from 'zod';

/** Bulk user import through `POST /users/import`: how inputs are split and fed to the provider. */
export const userImportSchema = z
  .object({
    /**
     * Largest provider import file, in bytes. Auth0 refuses files over 500 KB; the default stays
     * under 500,000 bytes whichever way a kilobyte is counted.
     */
    maxChunkBytes: z.number().int().min(1024).max(500_000).default(500_000),
    /** Provider import jobs running at the same time per connection (Auth0 allows 2 per tenant). */
    providerJobsPerConnection: z.number().int().min(1).max(2).default(2),
    /** How often queued chunks are started and running provider jobs are checked. */
    pollIntervalMs: z.number().int().min(50).max(60_000).default(1000),
    /** Jobs, their per-user errors and any unsent data are deleted this long after creation. */
    retentionHours: z.number().int().min(1).default(168),
  })
  .strict();

export type UserImportConfig = z.infer<typeof userImportSchema>;
