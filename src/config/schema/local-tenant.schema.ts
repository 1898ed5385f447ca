import { z } from 'zod';

export const passwordPolicySchema = z
  .object({
    minLength: z.number().int().min(1).max(128).default(8),
    /** Character classes required among lower, upper, digit, special. */
    requireLowercase: z.boolean().default(true),
    requireUppercase: z.boolean().default(true),
    requireDigit: z.boolean().default(true),
    requireSpecial: z.boolean().default(false),
  })
  .strict();

export const connectionSchema = z
  .object({
    name: z.string().min(1).max(128),
    /** `con_` + 16 alphanumerics; derived from the name when omitted so it is stable across restarts. */
    id: z
      .string()
      .regex(/^con_[A-Za-z0-9]{16}$/, 'must be con_ followed by 16 letters or digits')
      .optional(),
    requiresUsername: z.boolean().default(false),
    passwordPolicy: passwordPolicySchema.default({
      minLength: 8,
      requireLowercase: true,
      requireUppercase: true,
      requireDigit: true,
      requireSpecial: false,
    }),
  })
  .strict();

export const m2mClientSchema = z
  .object({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    name: z.string().min(1).optional(),
    /** Management API scopes granted to this client, e.g. read:users. */
    scopes: z.array(z.string().min(1)).default([]),
  })
  .strict();

const rateLimitSchema = z
  .object({
    /** Requests that may be made at once (the bucket size, `x-ratelimit-limit`). */
    burst: z.number().int().min(1),
    /** Requests the bucket regains per minute. */
    perMinute: z.number().int().min(1),
  })
  .strict();

const DEFAULT_RATE_LIMITS = { read: { burst: 40, perMinute: 500 }, write: { burst: 20, perMinute: 200 } };

export const localTenantSchema = z
  .object({
    /** Issuer base URL of the local tenant's tokens; defaults to the service's own URL + facade prefix. */
    issuerBaseUrl: z.string().url().optional(),
    connections: z.array(connectionSchema).default([]),
    m2mClients: z.array(m2mClientSchema).default([]),
    /** The Auth0-compatible HTTP facade (Authentication and Management APIs, login page). */
    facade: z
      .object({
        /** Served when the local tenant is the identity provider, unless false; true serves it with any provider. */
        enabled: z.boolean().optional(),
        prefix: z.string().regex(/^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/, 'must start with / and not end with /').default('/local-tenant'),
        /** Management API rate limits per M2M client, as Auth0's paid tiers have them for users. */
        rateLimits: z
          .object({
            /** GET requests. */
            read: rateLimitSchema.default(DEFAULT_RATE_LIMITS.read),
            /** POST, PATCH and DELETE requests. */
            write: rateLimitSchema.default(DEFAULT_RATE_LIMITS.write),
          })
          .strict()
          .default(DEFAULT_RATE_LIMITS),
      })
      .strict()
      .default({ prefix: '/local-tenant', rateLimits: DEFAULT_RATE_LIMITS }),
    argon2: z
      .object({
        memoryCost: z.number().int().min(1024).default(19456),
        timeCost: z.number().int().min(1).default(2),
        parallelism: z.number().int().min(1).default(1),
      })
      .strict()
      .default({ memoryCost: 19456, timeCost: 2, parallelism: 1 }),
    accessTokenLifetimeSeconds: z.number().int().positive().default(86400),
    idTokenLifetimeSeconds: z.number().int().positive().default(36000),
    refreshTokenLifetimeSeconds: z.number().int().positive().default(2592000),
    bruteForce: z
      .object({
        maxAttempts: z.number().int().min(1).default(10),
        blockSeconds: z.number().int().positive().default(3600),
      })
      .strict()
      .default({ maxAttempts: 10, blockSeconds: 3600 }),
    /** Bulk user import jobs (processed in the background on a Postgres queue). */
    importJobs: z
      .object({
        /** Users written per transaction; progress is recorded with each batch. */
        batchSize: z.number().int().min(1).max(5000).default(1000),
        /** Import jobs one process works on at the same time. */
        concurrency: z.number().int().min(1).max(8).default(2),
        /** Finished and unfinished job data (file contents, errors) is deleted after this many hours. */
        retentionHours: z.number().int().min(1).default(24),
      })
      .strict()
      .default({ batchSize: 1000, concurrency: 2, retentionHours: 24 }),
    /** Users created at start when missing (the development configuration's demo user). */
    seedUsers: z
      .array(
        z
          .object({
            connection: z.string().min(1),
            email: z.string().email(),
            password: z.string().min(1),
            name: z.string().optional(),
            appMetadata: z.record(z.string(), z.unknown()).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type LocalTenantConfig = z.infer<typeof localTenantSchema>;
export type ConnectionConfig = z.infer<typeof connectionSchema>;
export type RateLimitConfig = z.infer<typeof rateLimitSchema>;
