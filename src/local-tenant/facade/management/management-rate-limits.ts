import type { RateLimitConfig } from '../../../config/schema/local-tenant.schema';

export interface RateLimitVerdict {
  allowed: boolean;
  /** `x-ratelimit-limit`, `x-ratelimit-remaining`, `x-ratelimit-reset` (epoch seconds when the bucket is full again). */
  headers: Record<string, string>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Auth0's Management API rate limiting, per client and kind of request: a token bucket of `burst`
 * requests refilled at `perMinute`. In memory: each replica counts for itself (the local tenant
 * serves development and tests).
 */
export class ManagementRateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limits: Record<'read' | 'write', RateLimitConfig>) {}

  take(clientId: string, kind: 'read' | 'write', now = Date.now()): RateLimitVerdict {
    const limit = this.limits[kind];
    const perMs = limit.perMinute / 60_000;
    const key = `${kind}\u0000${clientId}`;
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, updatedAt: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    const fullAt = now + (limit.burst - bucket.tokens) / perMs;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(limit.burst),
        'x-ratelimit-remaining': String(Math.floor(bucket.tokens)),
        'x-ratelimit-reset': String(Math.ceil(fullAt / 1000)),
      },
    };
  }
}
