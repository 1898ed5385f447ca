export interface RetryPolicy {
  maxAttempts: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
}

/**
 * Delay before the next attempt after `attempts` failed ones: exponential (initial × 2^(attempts-1),
 * capped), with "equal jitter" (half fixed, half random) so retries of many events spread out.
 */
export function retryDelayMs(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.backoffMaxMs, policy.backoffInitialMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
