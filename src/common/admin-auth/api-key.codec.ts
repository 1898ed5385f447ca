import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'agw_';

export function generateApiKey(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The first characters of a key, kept in clear so people can tell their keys apart. */
export function displayPrefix(key: string): string {
  return key.slice(0, PREFIX.length + 6);
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
