import { z } from 'zod';

export const rulesSchema = z
  .object({
    enabled: z.boolean().default(true),
    perRuleCpuMs: z.number().int().positive().default(5000),
    memoryLimitMb: z.number().int().min(8).default(64),
    pipelineBudgetMs: z.number().int().positive().default(20000),
    /** Hosts the sandbox's HTTP client may reach (exact host or *.suffix). */
    httpAllowList: z.array(z.string().min(1)).default([]),
    httpTimeoutMs: z.number().int().positive().default(5000),
    httpMaxResponseBytes: z.number().int().positive().default(1024 * 1024),
    executionRetentionDays: z.number().int().min(1).default(14),
  })
  .strict();
