import { z } from 'zod';
import { ALWAYS } from './refine';

export const logStreamSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (1-64)'),
    /** The exact Authorization header value Auth0 sends (e.g. "Bearer abc…"). */
    token: z.string().min(16, 'must be at least 16 characters'),
    tenant: z.string().min(1).optional(),
    bodyLimitBytes: z.number().int().positive().default(10 * 1024 * 1024),
  })
  .strict();

export const logStreamsSchema = z
  .object({
    streams: z.array(logStreamSchema).default([]),
    /** Months of events kept; older monthly partitions are dropped whole. */
    retentionMonths: z.number().int().min(1).default(3),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    (Array.isArray(cfg.streams) ? cfg.streams : []).forEach((s, i) => {
      if (seen.has(s?.name)) ctx.addIssue({ code: 'custom', path: ['streams', i, 'name'], message: `duplicate stream name "${s.name}"` });
      seen.add(s?.name);
    });
  }, ALWAYS);

export const sinksSchema = z
  .object({
    http: z
      .array(
        z
          .object({
            name: z.string().min(1),
            url: z.string().url(),
            mode: z.enum(['binary', 'structured']).default('binary'),
            headers: z.record(z.string(), z.string()).default({}),
            types: z.array(z.string()).default([]),
            categories: z.array(z.string()).default([]),
            maxAttempts: z.number().int().min(1).default(10),
            timeoutMs: z.number().int().positive().default(5000),
          })
          .strict(),
      )
      .default([]),
    nats: z
      .object({
        enabled: z.boolean().default(true),
        stream: z.string().default('AUTH0_EVENTS'),
        subjectPrefix: z.string().default('auth0.events'),
      })
      .strict()
      .optional(),
    cloudEventTypePrefix: z.string().default('com.auth0.log.'),
  })
  .strict();

export type LogStreamConfig = z.infer<typeof logStreamSchema>;
