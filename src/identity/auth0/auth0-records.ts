import type { IdentityUser, ImportJob, ImportJobError, UserIdentity } from '../identity.types';
import { UnusableUpstreamAnswer } from './upstream-fetch';

type Json = Record<string, unknown>;

const USER_STRINGS = [
  'email',
  'username',
  'name',
  'given_name',
  'family_name',
  'nickname',
  'picture',
  'phone_number',
  'created_at',
  'updated_at',
  'last_login',
  'last_ip',
  'last_password_reset',
] as const;

function copyTyped<T extends object>(target: T, source: Json, names: readonly string[], type: 'string' | 'boolean' | 'number' | 'object'): void {
  for (const name of names) {
    const value = source[name];
    if (typeof value === type && value !== null) (target as Json)[name] = value;
  }
}

function toIdentity(raw: unknown): UserIdentity {
  const i = (raw ?? {}) as Json;
  return { connection: String(i.connection ?? ''), provider: String(i.provider ?? ''), user_id: String(i.user_id ?? ''), isSocial: i.isSocial === true };
}

/**
 * A user of Auth0's Management API as the port has it: the known attributes only (what `fields`
 * left out stays out), never whatever else the answer carries.
 */
export function toIdentityUser(raw: unknown): IdentityUser {
  const source = (raw ?? {}) as Json;
  const user = {} as IdentityUser;
  if (typeof source.user_id === 'string') user.user_id = source.user_id;
  copyTyped(user, source, USER_STRINGS, 'string');
  copyTyped(user, source, ['email_verified', 'blocked'], 'boolean');
  copyTyped(user, source, ['logins_count'], 'number');
  copyTyped(user, source, ['app_metadata', 'user_metadata'], 'object');
  if (Array.isArray(source.identities)) user.identities = source.identities.map(toIdentity);
  return user;
}

/** A whole user (an answer about one user): it must at least have its id. */
export function toWholeIdentityUser(raw: unknown): IdentityUser {
  const user = toIdentityUser(raw);
  if (typeof user.user_id !== 'string') throw new UnusableUpstreamAnswer('Auth0 answered with something that is not a user');
  return user;
}

/** A list of users, e.g. of `GET /users-by-email`. */
export function toIdentityUsers(raw: unknown): IdentityUser[] {
  if (!Array.isArray(raw)) throw new UnusableUpstreamAnswer('Auth0 answered with something that is not a list of users');
  return raw.map(toIdentityUser);
}

export function toImportJob(raw: unknown): ImportJob {
  const source = (raw ?? {}) as Json;
  if (typeof source.id !== 'string' || typeof source.status !== 'string') throw new UnusableUpstreamAnswer('Auth0 answered with something that is not a job');
  const job = { id: source.id, type: 'users_import', status: source.status, connection_id: String(source.connection_id ?? ''), created_at: String(source.created_at ?? '') } as ImportJob;
  copyTyped(job, source, ['connection', 'external_id'], 'string');
  copyTyped(job, source, ['percentage_done', 'time_left_seconds'], 'number');
  const summary = source.summary as Json | undefined;
  if (summary && typeof summary === 'object') {
    job.summary = { inserted: Number(summary.inserted ?? 0), updated: Number(summary.updated ?? 0), failed: Number(summary.failed ?? 0), total: Number(summary.total ?? 0) };
  }
  return job;
}

/** A job's errors; Auth0 answers 204 (no body) when there are none. */
export function toImportJobErrors(raw: unknown): ImportJobError[] {
  if (raw === undefined || raw === null || raw === '') return [];
  if (!Array.isArray(raw)) throw new UnusableUpstreamAnswer('Auth0 answered with something that is not a list of job errors');
  return raw.map((entry: Json) => ({
    user: (entry?.user ?? {}) as Json,
    errors: (Array.isArray(entry?.errors) ? entry.errors : []).map((e: Json) => {
      const problem: ImportJobError['errors'][number] = { code: String(e.code ?? ''), message: String(e.message ?? '') };
      if (typeof e.path === 'string') problem.path = e.path;
      return problem;
    }),
  }));
}
