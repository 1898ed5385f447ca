import { isAllowedUrl } from './logout';

describe('isAllowedUrl (allowed logout URLs)', () => {
  const allowed = ['https://app.example.com/', 'https://exact.example.com/bye', 'https://origin.example.com'];

  it('accepts the same URL, URLs under a prefix ending in /, and any URL of an allowed origin', () => {
    expect(isAllowedUrl('https://exact.example.com/bye', allowed)).toBe(true);
    expect(isAllowedUrl('https://app.example.com/signed-out?x=1', allowed)).toBe(true);
    expect(isAllowedUrl('https://origin.example.com/anything', allowed)).toBe(true);
  });

  it('refuses look-alikes, other paths of an exact entry, and what is not a URL', () => {
    expect(isAllowedUrl('https://app.example.com.evil.com/', allowed)).toBe(false);
    expect(isAllowedUrl('https://exact.example.com/bye/more', allowed)).toBe(false);
    expect(isAllowedUrl('http://app.example.com/', allowed)).toBe(false);
    expect(isAllowedUrl('not a url', allowed)).toBe(false);
    expect(isAllowedUrl('https://app.example.com/', [])).toBe(false);
  });
});
