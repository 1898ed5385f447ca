import { z } from 'zod';

const localProviderSchema = z.object({ type: z.literal('local') }).strict();

const auth0ProviderSchema = z
  .object({
    type: z.literal('auth0'),
    /** Bare tenant host, e.g. `acme.eu.auth0.com`. */
    domain: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9.-]+(:\d+)?$/, 'must be a bare host name such as acme.eu.auth0.com (no scheme, no path)'),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /** Management API audience; `https://<domain>/api/v2/` when omitted. */
    audience: z.string().min(1).optional(),
    /** Time one HTTP attempt may take before it is abandoned (then `504 upstream_timeout`). */
    timeoutMs: z.number().int().positive().default(10_000),
    /** Retries of one call after 408, 429 (rate limit), 5xx or a network failure. */
    maxRetries: z.number().int().min(0).max(10).default(3),
    /** Total time one call may spend waiting between attempts; a longer Retry-After is not waited for. */
    retryBudgetMs: z.number().int().min(0).max(120_000).default(10_000),
  })
  .strict();

export const identityProviderSchema = z.discriminatedUnion('type', [localProviderSchema, auth0ProviderSchema]).default({ type: 'local' });

export type IdentityProviderConfig = z.infer<typeof identityProviderSchema>;
