import { namespacedClaims } from './custom-claims';

describe('namespacedClaims', () => {
  it('keeps URL-named claims and reports the others', () => {
    const result = namespacedClaims({
      'https://example.com/roles': ['admin'],
      'http://acme.local/tier': 'gold',
      roles: ['x'],
      sub: 'auth0|spoofed',
      'urn:acme:claim': 1,
      'https://': 'no host',
    });
    expect(result.claims).toEqual({ 'https://example.com/roles': ['admin'], 'http://acme.local/tier': 'gold' });
    expect(result.dropped.sort()).toEqual(['https://', 'roles', 'sub', 'urn:acme:claim']);
  });

  it('accepts no claims at all', () => {
    expect(namespacedClaims(undefined)).toEqual({ claims: {}, dropped: [] });
  });
});
