import { ManagementRateLimits } from './management-rate-limits';

describe('ManagementRateLimits', () => {
  const limits = () => new ManagementRateLimits({ read: { burst: 3, perMinute: 60 }, write: { burst: 1, perMinute: 6 } });

  it('allows a burst, then refuses until the bucket refills at the configured rate', () => {
    const rl = limits();
    const t0 = 1_700_000_000_000;
    expect([1, 2, 3].map(() => rl.take('c', 'read', t0).allowed)).toEqual([true, true, true]);
    const refused = rl.take('c', 'read', t0);
    expect(refused).toEqual({ allowed: false, headers: { 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil((t0 + 3000) / 1000)) } });
    // 60 per minute: one more request a second later.
    expect(rl.take('c', 'read', t0 + 1000).allowed).toBe(true);
    expect(rl.take('c', 'read', t0 + 1000).allowed).toBe(false);
  });

  it('counts clients and kinds of request separately', () => {
    const rl = limits();
    expect(rl.take('a', 'write', 0).allowed).toBe(true);
    expect(rl.take('a', 'write', 0).allowed).toBe(false);
    expect(rl.take('b', 'write', 0).allowed).toBe(true);
    expect(rl.take('a', 'read', 0).headers['x-ratelimit-remaining']).toBe('2');
  });
});
