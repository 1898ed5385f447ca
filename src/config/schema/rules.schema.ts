import { z } from 'zod';

export const rulesSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** CPU time one rule or action may spend per login. */
    perRuleCpuMs: z.number().int().positive().default(5000),
    /** Heap of one definition's sandbox. */
    memoryLimitMb: z.number().int().min(8).default(64),
    /** Wall clock of the whole pipeline, waiting for HTTP responses and timers included. */
    pipelineBudgetMs: z.number().int().positive().default(20000),
    /** Hosts the sandbox's HTTP client may reach (exact host or *.suffix, optionally :port). */
    httpAllowList: z.array(z.string().min(1)).default([]),
    httpTimeoutMs: z.number().int().positive().default(5000),
    httpMaxResponseBytes: z.number().int().positive().default(1024 * 1024),
    executionRetentionDays: z.number().int().min(1).default(14),
    /** Worker threads running pipelines (each runs one login at a time). */
    workers: z.number().int().min(1).max(64).default(4),
    stackLimitKb: z.number().int().min(64).max(1024).default(256),
    /** Largest user + context a definition may hand back. */
    maxResultBytes: z.number().int().positive().default(1024 * 1024),
    /** A MaxMind database (GeoLite2/GeoIP2 City or Country, .mmdb) for `context.request.geoip`. */
    geoipDatabasePath: z.string().min(1).optional(),
  })
  .strict();

export type RulesConfig = z.infer<typeof rulesSchema>;
