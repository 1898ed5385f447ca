import type { LocalUser } from '../../generated/prisma/client';
import type { IdentityUser } from '../../identity/identity.types';

export const LOCAL_USER_ID_PREFIX = 'auth0|';

/** `auth0|<id>` → `<id>`; undefined for ids of other providers. */
export function localIdOf(userId: string): string | undefined {
  return userId.startsWith(LOCAL_USER_ID_PREFIX) && userId.length > LOCAL_USER_ID_PREFIX.length ? userId.slice(LOCAL_USER_ID_PREFIX.length) : undefined;
}

/**
 * A stored user as Auth0's Management API shows it. Like Auth0, `name` defaults to the email and
 * `nickname` to the part of the email before the `@` when they were never set.
 */
export function toIdentityUser(row: LocalUser): IdentityUser {
  const user: IdentityUser = {
    user_id: `${LOCAL_USER_ID_PREFIX}${row.id}`,
    identities: [{ connection: row.connection, provider: 'auth0', user_id: row.id, isSocial: false }],
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    app_metadata: (row.appMetadata ?? {}) as Record<string, unknown>,
    user_metadata: (row.userMetadata ?? {}) as Record<string, unknown>,
  };
  if (row.email !== null) {
    user.email = row.email;
    user.email_verified = row.emailVerified;
  }
  if (row.username !== null) user.username = row.username;
  const name = row.name ?? row.email ?? row.username;
  if (name !== null) user.name = name;
  const nickname = row.nickname ?? row.email?.split('@')[0] ?? row.username;
  if (nickname !== null && nickname !== undefined) user.nickname = nickname;
  if (row.givenName !== null) user.given_name = row.givenName;
  if (row.familyName !== null) user.family_name = row.familyName;
  if (row.picture !== null) user.picture = row.picture;
  if (row.phoneNumber !== null) user.phone_number = row.phoneNumber;
  if (row.blocked) user.blocked = true;
  if (row.lastLogin !== null) user.last_login = row.lastLogin.toISOString();
  if (row.lastIp !== null) user.last_ip = row.lastIp;
  if (row.loginsCount > 0) user.logins_count = row.loginsCount;
  if (row.lastPasswordReset !== null) user.last_password_reset = row.lastPasswordReset.toISOString();
  return user;
}

/** Auth0's `fields` / `include_fields`: keep only the named top-level fields, or all but them. */
export function selectFields(user: IdentityUser, fields: string[] | undefined, includeFields = true): IdentityUser {
  if (!fields || fields.length === 0) return user;
  const wanted = new Set(fields.map((f) => f.trim()).filter(Boolean));
  const entries = Object.entries(user).filter(([key]) => wanted.has(key) === includeFields);
  return Object.fromEntries(entries) as unknown as IdentityUser;
}

/** The name a user goes by in log events (`user_name`): email, else username. */
export function loginNameOf(row: Pick<LocalUser, 'email' | 'username'>): string {
  return row.email ?? row.username ?? '';
}
