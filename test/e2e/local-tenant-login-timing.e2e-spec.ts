import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { identityFailure } from '../utils/identity-errors';
import { createTestApp, TestApp } from '../utils/test-app';

const SAMPLES = 40;
const WARM_UP = 4;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};

/** Probability that a sample of `a` is faster than one of `b` (Mann–Whitney U / (n·m)); 0.5 means no difference. */
function probabilityFaster(a: number[], b: number[]): number {
  let wins = 0;
  for (const x of a) for (const y of b) wins += x < y ? 1 : x === y ? 0.5 : 0;
  return wins / (a.length * b.length);
}

/**
 * An attacker who times logins must not learn whether an email has an account. The two kinds of
 * attempt are interleaved in random order (so machine load hits both alike) and compared by their
 * medians and by how often one is faster than the other. Skipping the password hash for unknown
 * users makes them ~10× faster: both checks fail by far.
 */
describe('local tenant: unknown-user and wrong-password logins take the same time (e2e, statistical)', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let idp: IdentityProvider;

  beforeAll(async () => {
    t = await createTestApp(); // the default argon2id parameters (19 MiB, 2 passes)
    idp = t.app.get(IDENTITY_PROVIDER);
    await idp.createUser({ connection: 'Username-Password-Authentication', email: 'timing@example.com', password: 'Timing-Passw0rd' });
  });
  afterAll(() => t.close());

  it('has indistinguishable timing distributions', async () => {
    let attempt = 0;
    const time = async (username: string): Promise<number> => {
      attempt++;
      // A new address each time: the brute-force block must not end the experiment.
      const context = { ip: `10.${(attempt >> 16) & 255}.${(attempt >> 8) & 255}.${attempt & 255}` };
      const started = process.hrtime.bigint();
      const error = await identityFailure(idp.loginWithPassword({ clientId: 'app', clientSecret: 'app-development-secret', username, password: 'Not-The-Passw0rd', context }));
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      expect(error.code).toBe('invalid_grant');
      return elapsed;
    };
    for (let i = 0; i < WARM_UP; i++) {
      await time('timing@example.com');
      await time(`warm-${i}@example.com`);
    }
    const order = [...Array(SAMPLES).fill('known'), ...Array(SAMPLES).fill('unknown')].sort(() => Math.random() - 0.5);
    const known: number[] = [];
    const unknown: number[] = [];
    for (const [i, kind] of order.entries()) {
      if (kind === 'known') known.push(await time('timing@example.com'));
      else unknown.push(await time(`nobody-${i}@example.com`));
    }
    const ratio = median(unknown) / median(known);
    const faster = probabilityFaster(unknown, known);
    process.stdout.write(`login timing: wrong password median ${median(known).toFixed(1)} ms, unknown user ${median(unknown).toFixed(1)} ms, ratio ${ratio.toFixed(2)}, P(unknown faster) ${faster.toFixed(2)}\n`);
    // Each sample costs an argon2id verification (20–40 ms here); a shared machine adds a few ms of
    // noise either way. Without the dummy verification the ratio is about 0.1 and P about 1.
    expect(ratio).toBeGreaterThan(0.67);
    expect(ratio).toBeLessThan(1.5);
    // With no difference P is 0.5 ± 0.065 (one standard error for 40 + 40 samples).
    expect(faster).toBeGreaterThan(0.2);
    expect(faster).toBeLessThan(0.8);
  });
});
