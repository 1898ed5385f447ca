import type { ImportJobError } from '../identity/identity.types';

export interface PlacedImportError extends ImportJobError {
  /** Position of the user in the input; null when the report names no user of the chunk. */
  index: number | null;
}

const HASH_FIELDS = new Set(['password_hash', 'custom_password_hash']);

/** The user as an error report shows it: password hashes are never repeated there. */
export function reportedUser(user: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(user).filter(([key]) => !HASH_FIELDS.has(key)));
}

/**
 * Places a provider's per-user errors for one chunk at the users' positions in the whole input.
 * Users are told apart by email (unique in an input once checked, whatever the case), else by
 * `user_id`.
 */
export function placeChunkErrors(chunkUsers: readonly Record<string, unknown>[], firstUser: number, errors: readonly ImportJobError[]): PlacedImportError[] {
  const byEmail = new Map<string, number>();
  const byId = new Map<string, number>();
  chunkUsers.forEach((user, i) => {
    if (typeof user.email === 'string') byEmail.set(user.email.toLowerCase(), i);
    if (typeof user.user_id === 'string') byId.set(user.user_id, i);
  });
  return errors.map((error) => {
    const { email, user_id: userId } = error.user ?? {};
    const position = (typeof email === 'string' ? byEmail.get(email.toLowerCase()) : undefined) ?? (typeof userId === 'string' ? byId.get(userId.replace(/^auth0\|/, '')) : undefined);
    return {
      index: position === undefined ? null : firstUser + position,
      user: reportedUser(error.user ?? {}),
      errors: (error.errors ?? []).map((e) => ({ code: e.code, message: e.message, ...(e.path !== undefined ? { path: e.path } : {}) })),
    };
  });
}
