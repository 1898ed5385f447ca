import { validateImportUser } from '../identity/import-format/import-file.validator';

/** A problem with one user of an import, before anything is sent to the provider. */
export interface ImportViolation {
  /** Position of the user in the input. */
  index: number;
  /** Where in the user, as a request path: `users[3].email`, `users[3]`. */
  path: string;
  /** Auth0's import error code (`FORMAT`, `OBJECT_MISSING_REQUIRED_PROPERTY`, `DUPLICATED_USER`, …). */
  code: string;
  message: string;
}

/** `#/custom_password_hash/hash/value` → `.custom_password_hash.hash.value`; `#/mfa_factors/0` → `.mfa_factors[0]`. */
function requestPath(pointer: string | undefined): string {
  const parts = (pointer ?? '#/').replace(/^#\/?/, '').split('/').filter(Boolean);
  return parts.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('');
}

type Key = 'email' | 'username' | 'user_id';
const KEYS: Key[] = ['email', 'username', 'user_id'];

/**
 * Checks every user of an input against Auth0's import schema, and for the duplicates Auth0 would
 * report inside one file (same email or username whatever the case, same user_id) across the whole
 * input — once the input is split into several provider jobs, no single job could see them. Every
 * violation is returned, in input order.
 */
export function checkImportUsers(users: readonly unknown[]): ImportViolation[] {
  const violations: ImportViolation[] = [];
  const seen: Record<Key, Map<string, number>> = { email: new Map(), username: new Map(), user_id: new Map() };
  users.forEach((user, index) => {
    const problems = validateImportUser(user);
    for (const p of problems) violations.push({ index, path: `users[${index}]${requestPath(p.path)}`, code: p.code, message: p.message });
    if (problems.length) return;
    const record = user as Record<Key, string | undefined>;
    for (const key of KEYS) {
      const raw = record[key];
      if (raw === undefined) continue;
      const value = key === 'user_id' ? raw : raw.toLowerCase();
      const first = seen[key].get(value);
      if (first === undefined) {
        seen[key].set(value, index);
        continue;
      }
      violations.push({
        index,
        path: `users[${index}].${key}`,
        code: key === 'username' ? 'CONFLICT_USERNAME' : 'DUPLICATED_USER',
        message: `The ${key} is also the ${key} of users[${first}]`,
      });
    }
  });
  return violations;
}
