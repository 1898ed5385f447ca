import { z } from 'zod';
import { parseEncryptionKeys } from '../../common/crypto/keyring';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Environment variables the service reads. Empty strings count as unset. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DATABASE_URL: optionalString.pipe(z.string().url().optional()),
  DATA_DIR: z.string().min(1).default('.data'),
  CONFIG_PATH: optionalString,
  ADMIN_API_KEY: optionalString.pipe(z.string().min(24, 'must be at least 24 characters').optional()),
  SESSION_DURATION_SECONDS: z.coerce.number().int().positive().default(86400),
  /** 32 bytes as base64 or hex; several keys as `kid1:key1,kid2:key2`, the first encrypts. */
  ENCRYPTION_KEY: optionalString.superRefine((value, ctx) => {
    if (value === undefined) return;
    for (const problem of parseEncryptionKeys(value).problems) ctx.addIssue({ code: 'custom', message: problem });
  }),
  REDIS_URL: optionalString.pipe(z.string().url().optional()),
  NATS_URL: optionalString,
  /** Public base URL of the service (issuer of the local tenant, callback URLs); defaults to http://localhost:PORT. */
  PUBLIC_URL: optionalString.pipe(z.string().url().optional()),
  DEMO_PASSWORD: optionalString,
  LOG_STREAM_TOKEN: optionalString,
  LOCAL_TENANT_M2M_SECRET: optionalString,
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10000),
});

export type EnvConfig = z.infer<typeof envSchema>;
