import { createHash, randomBytes } from 'node:crypto';

/** A new opaque secret (refresh token, authorization code): 256 random bits, base64url. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of an opaque secret: its SHA-256, hex. Looking it up by hash leaks nothing by timing. */
export function opaqueTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
