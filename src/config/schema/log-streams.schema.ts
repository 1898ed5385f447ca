import { z } from 'zod';
import { ALWAYS } from './refine';

/** The stream name under which the gateway and the local tenant record their own events. */
export const GATEWAY_STREAM = 'gateway';
/** The outbox name of the NATS JetStream sink. */
export const NATS_SINK = 'nats';

export const logStreamSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (1-64)')
      .refine((name) => name !== GATEWAY_STREAM, `"${GATEWAY_STREAM}" is reserved for the gateway's own events`),
    /**
     * The exact Authorization header value Auth0 sends (e.g. "Bearer abc…"), or `sha256:<64 hex>`, the
     * SHA-256 of that value, to keep the token itself out of the configuration.
     */
    token: z.string().min(16, 'must be at least 16 characters'),
    /** The Auth0 tenant the stream comes from (CloudEvents `source`); the events' `hostname` when unset. */
    tenant: z.string().min(1).optional(),
    /** Largest accepted body, measured after gzip/deflate decoding. */
    bodyLimitBytes: z.number().int().positive().max(256 * 1024 * 1024).default(10 * 1024 * 1024),
  })
  .strict();

export const logStreamsSchema = z
  .object({
    streams: z.array(logStreamSchema).default([]),
    /** Months of events kept besides the current one; older monthly partitions are dropped whole. */
    retentionMonths: z.number().int().min(1).default(3),
    /** A MaxMind GeoLite2/GeoIP2 Country or City database (.mmdb): the country of events that carry none. */
    geoIpDatabase: z.string().min(1).optional(),
    liveTail: z
      .object({
        /** Interval of the comment lines that keep idle live-tail connections open. */
        heartbeatSeconds: z.number().positive().max(300).default(15),
      })
      .strict()
      .default({ heartbeatSeconds: 15 }),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    (Array.isArray(cfg.streams) ? cfg.streams : []).forEach((s, i) => {
      if (seen.has(s?.name)) ctx.addIssue({ code: 'custom', path: ['streams', i, 'name'], message: `duplicate stream name "${s.name}"` });
      seen.add(s?.name);
    });
  }, ALWAYS);

/** Delivery attempts of one sink: exponential backoff from `backoffInitialMs`, dead letter after `maxAttempts`. */
const retry = {
  maxAttempts: z.number().int().min(1).default(10),
  backoffInitialMs: z.number().int().positive().default(1000),
  backoffMaxMs: z.number().int().positive().default(5 * 60 * 1000),
};

/** Per-sink filters: only events of these type codes / categories (all when empty). */
const filters = {
  types: z.array(z.string()).default([]),
  categories: z.array(z.string()).default([]),
};

export const httpSinkSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (1-64)'),
    url: z.string().url(),
    /** CloudEvents HTTP binding: `binary` (ce-* headers, data as body) or `structured` (one JSON envelope). */
    mode: z.enum(['binary', 'structured']).default('binary'),
    headers: z.record(z.string(), z.string()).default({}),
    ...filters,
    ...retry,
    timeoutMs: z.number().int().positive().default(5000),
  })
  .strict();

export const natsSinkSchema = z
  .object({
    enabled: z.boolean().default(true),
    stream: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (1-64)').default('AUTH0_EVENTS'),
    /** Events are published on `<subjectPrefix>.<type code>`. */
    subjectPrefix: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'dot-separated tokens of letters, digits, - and _').default('auth0.events'),
    ...filters,
    ...retry,
    timeoutMs: z.number().int().positive().default(5000),
  })
  .strict();

export const sinksSchema = z
  .object({
    http: z.array(httpSinkSchema).default([]),
    /** JetStream fan-out, active when NATS_URL is set (unless `enabled: false`). */
    nats: natsSinkSchema.optional(),
    cloudEventTypePrefix: z.string().default('com.auth0.log.'),
    /** How often undelivered events are looked for (new events are sent at once). */
    pollIntervalMs: z.number().int().positive().default(1000),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>([NATS_SINK]);
    (Array.isArray(cfg.http) ? cfg.http : []).forEach((s, i) => {
      if (seen.has(s?.name)) ctx.addIssue({ code: 'custom', path: ['http', i, 'name'], message: `duplicate or reserved sink name "${s.name}"` });
      seen.add(s?.name);
    });
  }, ALWAYS);

export type LogStreamConfig = z.infer<typeof logStreamSchema>;
export type HttpSinkConfig = z.infer<typeof httpSinkSchema>;
export type NatsSinkConfig = z.infer<typeof natsSinkSchema>;
export type SinksConfig = z.infer<typeof sinksSchema>;
