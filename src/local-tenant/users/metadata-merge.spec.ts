import { mergeMetadata } from './metadata-merge';

describe('mergeMetadata (Auth0 PATCH semantics)', () => {
  const current = { plan: 'free', prefs: { theme: 'dark', lang: 'en' }, tags: ['a'] };

  it('merges at the first level only: a nested object replaces the old one whole', () => {
    expect(mergeMetadata(current, { prefs: { theme: 'light' }, seats: 3 })).toEqual({ plan: 'free', prefs: { theme: 'light' }, tags: ['a'], seats: 3 });
  });

  it('removes keys set to null, and clears everything when the whole patch is null', () => {
    expect(mergeMetadata(current, { plan: null, tags: null })).toEqual({ prefs: { theme: 'dark', lang: 'en' } });
    expect(mergeMetadata(current, null)).toEqual({});
  });

  it('leaves metadata alone when the patch has none, and never mutates its input', () => {
    expect(mergeMetadata(current, undefined)).toBe(current);
    mergeMetadata(current, { plan: 'pro' });
    expect(current.plan).toBe('free');
  });
});
