import { IdentityError } from '../../identity/identity.error';
import type { LocalConnection } from '../settings/local-tenant-settings';

// Same rule as the import file's `format: email` (ajv-formats' fast mode).
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const USERNAME = /^[A-Za-z0-9_+\-.!#$'^`~@]{1,128}$/;
const CUSTOM_USER_ID = /^[A-Za-z0-9_.@+-]{1,255}$/;

/** Auth0's 400 for a body that breaks the payload schema. */
export function payloadError(message: string, path?: string): IdentityError {
  return new IdentityError(400, 'invalid_body', `Payload validation error: '${message}'.`, path ? { details: [{ path, message }] } : {});
}

export function checkEmail(email: string): void {
  if (email.length > 512 || !EMAIL.test(email)) throw payloadError(`Object didn't pass validation for format email: ${email}`, 'email');
}

/** Username rules of a connection: required with `requires_username`, refused without it. */
export function checkUsername(username: string | undefined, connection: LocalConnection, creating: boolean): void {
  if (username === undefined) {
    if (creating && connection.requiresUsername) throw payloadError('Missing required property: username', 'username');
    return;
  }
  if (!connection.requiresUsername) throw new IdentityError(400, 'invalid_body', 'Cannot set username for connection without requires_username');
  if (!USERNAME.test(username)) throw payloadError(`String does not match pattern ${USERNAME.source}: ${username}`, 'username');
}

export function checkMetadata(value: unknown, path: 'app_metadata' | 'user_metadata', allowNull: boolean): void {
  if (value === undefined || (value === null && allowNull)) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw payloadError(`Expected type object but found type ${Array.isArray(value) ? 'array' : typeof value}`, path);
}

/** A caller-chosen `user_id` (without the `auth0|` prefix), as Auth0 accepts on create. */
export function checkCustomUserId(userId: string): string {
  const id = userId.startsWith('auth0|') ? userId.slice('auth0|'.length) : userId;
  if (!CUSTOM_USER_ID.test(id)) throw payloadError(`String does not match pattern ${CUSTOM_USER_ID.source}: ${userId}`, 'user_id');
  return /^[0-9a-fA-F]{24}$/.test(id) ? id.toLowerCase() : id;
}
