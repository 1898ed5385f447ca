import { verifyPkceS256 } from './pkce';

describe('PKCE S256', () => {
  // RFC 7636, appendix B.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it('accepts the RFC 7636 example and refuses any other verifier', () => {
    expect(verifyPkceS256(verifier, challenge)).toBe(true);
    expect(verifyPkceS256(`${verifier.slice(0, -1)}l`, challenge)).toBe(false);
    expect(verifyPkceS256(verifier, challenge.toLowerCase())).toBe(false);
  });

  it('refuses verifiers outside RFC 7636 (too short, too long, other characters)', () => {
    expect(verifyPkceS256(verifier.slice(0, 42), challenge)).toBe(false);
    expect(verifyPkceS256('a'.repeat(129), challenge)).toBe(false);
    expect(verifyPkceS256(`${verifier.slice(0, -1)}+`, challenge)).toBe(false);
  });
});
