import type { LocalUser } from '../../generated/prisma/client';

/** A `local_users` row as PostgreSQL returns it (column names), from a raw statement. */
export interface LocalUserRow {
  id: string;
  connection_id: string;
  connection: string;
  email: string | null;
  email_normalized: string | null;
  email_verified: boolean;
  username: string | null;
  username_normalized: string | null;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  nickname: string | null;
  picture: string | null;
  phone_number: string | null;
  blocked: boolean;
  app_metadata: LocalUser['appMetadata'];
  user_metadata: LocalUser['userMetadata'];
  password_hash: string | null;
  custom_password_hash: LocalUser['customPasswordHash'];
  created_at: Date;
  updated_at: Date;
  last_login: Date | null;
  last_ip: string | null;
  logins_count: number;
  last_password_reset: Date | null;
}

/** The Prisma model of a raw row; a column added to the model fails to compile here until mapped. */
export function localUserFromRow(row: LocalUserRow): LocalUser {
  return {
    id: row.id,
    connectionId: row.connection_id,
    connection: row.connection,
    email: row.email,
    emailNormalized: row.email_normalized,
    emailVerified: row.email_verified,
    username: row.username,
    usernameNormalized: row.username_normalized,
    name: row.name,
    givenName: row.given_name,
    familyName: row.family_name,
    nickname: row.nickname,
    picture: row.picture,
    phoneNumber: row.phone_number,
    blocked: row.blocked,
    appMetadata: row.app_metadata,
    userMetadata: row.user_metadata,
    passwordHash: row.password_hash,
    customPasswordHash: row.custom_password_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLogin: row.last_login,
    lastIp: row.last_ip,
    loginsCount: row.logins_count,
    lastPasswordReset: row.last_password_reset,
  };
}
