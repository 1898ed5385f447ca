import type { ConnectionConfig } from '../../config/schema/local-tenant.schema';
import { IdentityError } from '../../identity/identity.error';

type Policy = ConnectionConfig['passwordPolicy'];

const CLASSES: Array<{ flag: keyof Policy; test: RegExp; rule: string }> = [
  { flag: 'requireLowercase', test: /[a-z]/, rule: 'Contain lower case letters (a-z)' },
  { flag: 'requireUppercase', test: /[A-Z]/, rule: 'Contain upper case letters (A-Z)' },
  { flag: 'requireDigit', test: /[0-9]/, rule: 'Contain numbers (i.e. 0-9)' },
  { flag: 'requireSpecial', test: /[^A-Za-z0-9]/, rule: 'Contain special characters (e.g. !@#$%^&*)' },
];

/** The rules of a connection's password policy that a password breaks, in Auth0's wording. */
export function passwordPolicyViolations(password: string, policy: Policy): string[] {
  const broken: string[] = [];
  if ([...password].length < policy.minLength) broken.push(`At least ${policy.minLength} characters in length`);
  for (const c of CLASSES) if (policy[c.flag] && !c.test.test(password)) broken.push(c.rule);
  return broken;
}

/** Throws Auth0's 400 PasswordStrengthError, with the broken rules as details, for a weak password. */
export function assertPasswordStrength(password: string, policy: Policy): void {
  const broken = passwordPolicyViolations(password, policy);
  if (broken.length === 0) return;
  throw new IdentityError(400, 'invalid_password', 'PasswordStrengthError: Password is too weak', {
    details: broken.map((message) => ({ path: 'password', message })),
  });
}
