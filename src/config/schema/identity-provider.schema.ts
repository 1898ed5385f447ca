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
    audience: z.string().min(1).optional(),
    timeoutMs: z.number().int().positive().default(10_000),
    maxRetries: z.number().int().min(0).max(10).default(3),
  })
  .strict();

export const identityProviderSchema = z.discriminatedUnion('type', [localProviderSchema, auth0ProviderSchema]).default({ type: 'local' });

export type IdentityProviderConfig = z.infer<typeof identityProviderSchema>;
