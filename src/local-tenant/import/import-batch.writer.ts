import type { Prisma } from '../../generated/prisma/client';
import type { ImportJobError } from '../../identity/identity.types';
import { importedUserId } from './ids';
import { ImportUserProblem, validateImportUser } from '../../identity/import-format/import-file.validator';

type Tx = Prisma.TransactionClient;

export interface ImportTarget {
  connectionId: string;
  connection: string;
  upsert: boolean;
}

export interface BatchOutcome {
  inserted: number;
  updated: number;
  failed: number;
  errors: Array<ImportJobError & { position: number }>;
}

/** Keys of the valid users seen earlier in the same file: a later user repeating one is a duplicate. */
export class FileKeys {
  readonly emails = new Set<string>();
  readonly usernames = new Set<string>();
  readonly ids = new Set<string>();
}

interface Candidate {
  position: number;
  user: ImportUser;
  emailNormalized: string;
  usernameNormalized: string | null;
}

interface ImportUser {
  email: string;
  email_verified?: boolean;
  user_id?: string;
  username?: string;
  given_name?: string;
  family_name?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  blocked?: boolean;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  password_hash?: string;
  custom_password_hash?: Record<string, unknown>;
}

const RECORD_COLUMNS = `id text, email text, email_normalized text, email_verified boolean, username text, username_normalized text,
  name text, given_name text, family_name text, nickname text, picture text, blocked boolean, app_metadata jsonb, user_metadata jsonb,
  password_hash text, custom_password_hash jsonb`;

// Without upsert an email that appeared concurrently is skipped here and reported as a duplicate.
const INSERT_SQL = `INSERT INTO local_users (id, connection_id, connection, email, email_normalized, email_verified, username, username_normalized,
  name, given_name, family_name, nickname, picture, blocked, app_metadata, user_metadata, password_hash, custom_password_hash, updated_at)
SELECT r.id, $2, $3, r.email, r.email_normalized, coalesce(r.email_verified, false), r.username, r.username_normalized,
  r.name, r.given_name, r.family_name, r.nickname, r.picture, coalesce(r.blocked, false), coalesce(r.app_metadata, '{}'),
  coalesce(r.user_metadata, '{}'), r.password_hash, r.custom_password_hash, now()
FROM jsonb_to_recordset($1::jsonb) AS r(${RECORD_COLUMNS})
ON CONFLICT (connection_id, email_normalized) DO NOTHING
RETURNING email_normalized`;

// Upsert changes only the attributes Auth0 lets an import update; absent ones are kept.
const UPDATE_SQL = `UPDATE local_users u SET
  email_verified = coalesce(r.email_verified, u.email_verified), given_name = coalesce(r.given_name, u.given_name),
  family_name = coalesce(r.family_name, u.family_name), name = coalesce(r.name, u.name), nickname = coalesce(r.nickname, u.nickname),
  picture = coalesce(r.picture, u.picture), app_metadata = coalesce(r.app_metadata, u.app_metadata),
  user_metadata = coalesce(r.user_metadata, u.user_metadata), updated_at = now()
FROM jsonb_to_recordset($1::jsonb) AS r(${RECORD_COLUMNS})
WHERE u.id = r.id AND u.connection_id = $2
RETURNING u.id`;

/** The user as shown in an error report: the hashes are not repeated there. */
function reportedUser(user: unknown): Record<string, unknown> {
  if (typeof user !== 'object' || user === null || Array.isArray(user)) return { value: user };
  const { password_hash: _p, custom_password_hash: _c, ...rest } = user as Record<string, unknown>;
  return rest;
}

/**
 * Validates one batch of an import file and writes its valid users in the caller's transaction:
 * new users are inserted, existing ones (same email in the connection) updated with upsert or
 * reported otherwise. `keys` carries the file's earlier users and is updated.
 */
export async function writeImportBatch(tx: Tx, target: ImportTarget, users: unknown[], firstPosition: number, keys: FileKeys): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { inserted: 0, updated: 0, failed: 0, errors: [] };
  const fail = (position: number, user: unknown, errors: ImportUserProblem[]) => {
    outcome.failed++;
    outcome.errors.push({ position, user: reportedUser(user), errors });
  };

  const candidates: Candidate[] = [];
  users.forEach((raw, i) => {
    const admitted = admit(raw, firstPosition + i, keys);
    if ('problems' in admitted) fail(firstPosition + i, raw, admitted.problems);
    else candidates.push(admitted);
  });
  if (!candidates.length) return outcome;

  const existing = await tx.$queryRawUnsafe<Array<{ id: string; email_normalized: string | null; username_normalized: string | null; connection_id: string }>>(
    `SELECT id, email_normalized, username_normalized, connection_id FROM local_users
     WHERE (connection_id = $1 AND (email_normalized = ANY($2::text[]) OR username_normalized = ANY($3::text[]))) OR id = ANY($4::text[])`,
    target.connectionId,
    candidates.map((c) => c.emailNormalized),
    candidates.flatMap((c) => (c.usernameNormalized ? [c.usernameNormalized] : [])),
    candidates.flatMap((c) => (c.user.user_id ? [importedUserId(c.user.user_id)] : [])),
  );
  const inConnection = existing.filter((u) => u.connection_id === target.connectionId);
  const byEmail = new Map(inConnection.filter((u) => u.email_normalized).map((u) => [u.email_normalized as string, u.id]));
  const byUsername = new Map(inConnection.filter((u) => u.username_normalized).map((u) => [u.username_normalized as string, u.id]));
  const takenIds = new Set(existing.map((u) => u.id));

  const inserts: Array<Record<string, unknown>> = [];
  const updates: Array<Record<string, unknown>> = [];
  const byEmailPosition = new Map<string, Candidate>();
  for (const c of candidates) {
    const givenId = c.user.user_id !== undefined ? importedUserId(c.user.user_id) : undefined;
    const existingId = byEmail.get(c.emailNormalized);
    if (existingId !== undefined) {
      if (!target.upsert) {
        fail(c.position, c.user, [{ code: 'DUPLICATED_USER', message: 'The user already exists and upsert is false', path: '#/email' }]);
      } else if (givenId !== undefined && givenId !== existingId) {
        fail(c.position, c.user, [{ code: 'CONFLICT_EMAIL', message: 'The email belongs to an existing user with another user_id', path: '#/email' }]);
      } else {
        updates.push(row(c, existingId));
      }
      continue;
    }
    if (givenId !== undefined && takenIds.has(givenId)) {
      fail(c.position, c.user, [{ code: 'DUPLICATED_USER', message: 'A user with this user_id already exists', path: '#/user_id' }]);
      continue;
    }
    if (c.usernameNormalized && byUsername.has(c.usernameNormalized)) {
      fail(c.position, c.user, [{ code: 'CONFLICT_USERNAME', message: 'The username is already used by another user', path: '#/username' }]);
      continue;
    }
    inserts.push(row(c, givenId ?? importedUserId(undefined)));
    byEmailPosition.set(c.emailNormalized, c);
  }

  if (updates.length) {
    const updated = await tx.$queryRawUnsafe<unknown[]>(UPDATE_SQL, JSON.stringify(updates), target.connectionId);
    outcome.updated += updated.length;
  }
  if (inserts.length) {
    const inserted = await tx.$queryRawUnsafe<Array<{ email_normalized: string }>>(INSERT_SQL, JSON.stringify(inserts), target.connectionId, target.connection);
    outcome.inserted += inserted.length;
    // Rows skipped by ON CONFLICT: another writer created the email since the check above.
    const written = new Set(inserted.map((r) => r.email_normalized));
    for (const [email, c] of byEmailPosition) {
      if (!written.has(email)) fail(c.position, c.user, [{ code: 'DUPLICATED_USER', message: 'The user already exists and upsert is false', path: '#/email' }]);
    }
  }
  outcome.errors.sort((a, b) => a.position - b.position);
  return outcome;
}

/** Replays the file checks of users already imported, so that a resumed job judges the rest alike. */
export function primeFileKeys(users: unknown[], keys: FileKeys): void {
  users.forEach((raw, i) => admit(raw, i, keys));
}

/** Schema and in-file duplicate checks of one user; a user that passes is remembered in `keys`. */
function admit(raw: unknown, position: number, keys: FileKeys): Candidate | { problems: ImportUserProblem[] } {
  const problems = validateImportUser(raw);
  if (problems.length) return { problems };
  const user = raw as ImportUser;
  const candidate = { position, user, emailNormalized: user.email.toLowerCase(), usernameNormalized: user.username?.toLowerCase() ?? null };
  const problem = fileDuplicate(candidate, keys);
  if (problem) return { problems: [problem] };
  keys.emails.add(candidate.emailNormalized);
  if (candidate.usernameNormalized) keys.usernames.add(candidate.usernameNormalized);
  if (user.user_id) keys.ids.add(importedUserId(user.user_id));
  return candidate;
}

function fileDuplicate(c: Candidate, keys: FileKeys): ImportUserProblem | undefined {
  if (keys.emails.has(c.emailNormalized)) return { code: 'DUPLICATED_USER', message: 'The user appears more than once in the import file', path: '#/email' };
  if (c.user.user_id && keys.ids.has(importedUserId(c.user.user_id))) {
    return { code: 'DUPLICATED_USER', message: 'The user_id appears more than once in the import file', path: '#/user_id' };
  }
  if (c.usernameNormalized && keys.usernames.has(c.usernameNormalized)) {
    return { code: 'CONFLICT_USERNAME', message: 'The username appears more than once in the import file', path: '#/username' };
  }
  return undefined;
}

function row(c: Candidate, id: string): Record<string, unknown> {
  const { user_id: _id, ...fields } = c.user;
  return { ...fields, id, email_normalized: c.emailNormalized, username_normalized: c.usernameNormalized };
}
