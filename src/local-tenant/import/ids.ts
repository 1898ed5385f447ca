import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Auth0 job ids: `job_` + 16 alphanumerics. */
export function newImportJobId(): string {
  let id = 'job_';
  for (let i = 0; i < 16; i++) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

/** The part after `auth0|` of a new local user id: 24 lowercase hex characters. */
export function newLocalUserId(): string {
  return randomBytes(12).toString('hex');
}

const HEX24 = /^[0-9a-fA-F]{24}$/;

/**
 * The stored id of an imported user. Like Auth0, a given `user_id` is kept (so applications that
 * stored ids keep working); a 24-hex one is lower-cased to match the ids the tenant generates.
 */
export function importedUserId(given: string | undefined): string {
  if (given === undefined) return newLocalUserId();
  return HEX24.test(given) ? given.toLowerCase() : given;
}
