import { redactSecrets, SECRET_MASK } from './redact-secrets';

describe('redactSecrets', () => {
  it('masks secret values wherever they appear verbatim, keys included', () => {
    const out = redactSecrets({ a: 'key is sk_live_123', b: ['sk_live_123', 1, null], 'x-sk_live_123': { c: 'none' } }, ['sk_live_123']);
    expect(out).toEqual({ a: `key is ${SECRET_MASK}`, b: [SECRET_MASK, 1, null], [`x-${SECRET_MASK}`]: { c: 'none' } });
  });

  it('masks the longer of two overlapping secrets whole, and leaves very short values alone', () => {
    expect(redactSecrets('abcdef and abcd', ['abcd', 'abcdef', 'ab'])).toBe(`${SECRET_MASK} and ${SECRET_MASK}`);
    expect(redactSecrets('ab', ['ab'])).toBe('ab');
  });
});
