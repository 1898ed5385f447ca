import { retryDelayMs } from './backoff';

describe('retry delay', () => {
  const policy = { maxAttempts: 10, backoffInitialMs: 1000, backoffMaxMs: 60_000 };

  it('doubles with every failed attempt, between half and all of the exponential delay', () => {
    expect(retryDelayMs(policy, 1, () => 0)).toBe(500);
    expect(retryDelayMs(policy, 1, () => 1)).toBe(1000);
    expect(retryDelayMs(policy, 3, () => 1)).toBe(4000);
    expect(retryDelayMs(policy, 3, () => 0)).toBe(2000);
  });

  it('never waits longer than the maximum', () => {
    expect(retryDelayMs(policy, 30, () => 1)).toBe(60_000);
  });
});
