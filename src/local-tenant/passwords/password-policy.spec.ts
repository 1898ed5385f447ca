import { IdentityError } from '../../identity/identity.error';
import { assertPasswordStrength, passwordPolicyViolations } from './password-policy';

const policy = { minLength: 8, requireLowercase: true, requireUppercase: true, requireDigit: true, requireSpecial: false };

describe('password policy', () => {
  it('lists every broken rule in Auth0 wording', () => {
    expect(passwordPolicyViolations('abc', policy)).toEqual(['At least 8 characters in length', 'Contain upper case letters (A-Z)', 'Contain numbers (i.e. 0-9)']);
    expect(passwordPolicyViolations('Abcdefg1', policy)).toEqual([]);
    expect(passwordPolicyViolations('Abcdefg1', { ...policy, requireSpecial: true })).toEqual(['Contain special characters (e.g. !@#$%^&*)']);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordPolicyViolations('Aa1😀😀😀😀😀', policy)).toEqual([]);
    expect(passwordPolicyViolations('Aa1😀😀😀😀', policy)).toEqual(['At least 8 characters in length']);
  });

  it("throws Auth0's PasswordStrengthError as a 400 with the broken rules", () => {
    let error: unknown;
    try {
      assertPasswordStrength('short', policy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IdentityError);
    expect(error).toMatchObject({ code: 'invalid_password', message: 'PasswordStrengthError: Password is too weak' });
    expect((error as IdentityError).getStatus()).toBe(400);
    expect((error as IdentityError).details?.map((d) => d.message)).toContain('At least 8 characters in length');
    expect(() => assertPasswordStrength('Str0ngEnough', policy)).not.toThrow();
  });
});
