import { verify as verifyArgon2 } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { createHash, createHmac, getHashes, pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (password: Buffer, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

type Encoding = 'base64' | 'hex' | 'utf8';

/** An imported `custom_password_hash` (the Auth0 import schema, already validated). */
export interface CustomPasswordHash {
  algorithm: 'argon2' | 'bcrypt' | 'hmac' | 'ldap' | 'md4' | 'md5' | 'sha1' | 'sha256' | 'sha512' | 'pbkdf2' | 'scrypt';
  hash: { value: string; encoding?: Encoding; digest?: string; key?: { value: string; encoding?: Encoding } };
  salt?: { value: string; encoding?: Encoding; position?: 'prefix' | 'suffix' };
  password?: { encoding?: BufferEncoding };
  keylen?: number;
  cost?: number;
  blockSize?: number;
  parallelization?: number;
}

const SUPPORTED_DIGESTS = new Set(getHashes());

function decode(value: string, encoding: Encoding = 'hex'): Buffer {
  return encoding === 'hex' ? Buffer.from(value, 'hex') : Buffer.from(value, encoding);
}

function equal(actual: Buffer, expected: Buffer): boolean {
  return expected.length > 0 && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The password bytes with the salt put where the original system put it. */
function salted(password: Buffer, spec: CustomPasswordHash): Buffer {
  if (!spec.salt) return password;
  const salt = decode(spec.salt.value, spec.salt.encoding ?? 'utf8');
  return spec.salt.position === 'suffix' ? Buffer.concat([password, salt]) : Buffer.concat([salt, password]);
}

function digest(algorithm: string, data: Buffer): Buffer | null {
  if (!SUPPORTED_DIGESTS.has(algorithm)) return null;
  try {
    return createHash(algorithm).update(data).digest();
  } catch {
    return null; // e.g. md4, which OpenSSL 3 only offers in its legacy provider
  }
}

// PHC "B64": standard base64 without padding; some tools write `.` for `+`.
const phcB64 = (value: string) => Buffer.from(value.replace(/\./g, '+'), 'base64');

/** `$pbkdf2-<digest>$i=<iterations>[,l=<key length>]$<salt>$<hash>` */
async function verifyPbkdf2(password: Buffer, phc: string): Promise<boolean> {
  const match = /^\$pbkdf2-([a-z0-9]+)\$i=(\d+)(?:,l=(\d+))?\$([A-Za-z0-9+/.]+)\$([A-Za-z0-9+/.]+)$/.exec(phc);
  if (!match || !SUPPORTED_DIGESTS.has(match[1])) return false;
  const expected = phcB64(match[5]);
  const iterations = Number(match[2]);
  if (iterations < 1 || iterations > 10_000_000) return false;
  const actual = await pbkdf2Async(password, phcB64(match[4]), iterations, Number(match[3] ?? expected.length), match[1]);
  return equal(actual, expected);
}

const LDAP_SCHEMES: Record<string, { digest: string; salted: boolean }> = {
  SHA: { digest: 'sha1', salted: false },
  SSHA: { digest: 'sha1', salted: true },
  SHA256: { digest: 'sha256', salted: false },
  SSHA256: { digest: 'sha256', salted: true },
  SHA512: { digest: 'sha512', salted: false },
  SSHA512: { digest: 'sha512', salted: true },
  MD5: { digest: 'md5', salted: false },
  SMD5: { digest: 'md5', salted: true },
};

/** RFC 2307 `{SCHEME}base64(digest[ + salt])`, the salt following the digest. */
function verifyLdap(password: Buffer, value: string): boolean {
  const match = /^\{([A-Z0-9]+)\}(.+)$/.exec(value);
  const scheme = match && LDAP_SCHEMES[match[1]];
  if (!scheme) return false;
  const bytes = Buffer.from(match[2], 'base64');
  const size = createHash(scheme.digest).digest().length;
  const expected = bytes.subarray(0, size);
  const salt = scheme.salted ? bytes.subarray(size) : Buffer.alloc(0);
  const actual = digest(scheme.digest, Buffer.concat([password, salt]));
  return actual !== null && equal(actual, expected);
}

/**
 * Checks a password against a hash imported from another system, as Auth0 does for
 * `custom_password_hash`: argon2, bcrypt, pbkdf2 (PHC), md5/sha1/sha256/sha512 with an optional
 * prefix or suffix salt, hmac, ldap ({SHA}, {SSHA}, …) and scrypt. md4 is not available on
 * OpenSSL 3 and never matches.
 */
export async function verifyCustomPasswordHash(spec: CustomPasswordHash, password: string): Promise<boolean> {
  const plain = Buffer.from(password, spec.password?.encoding ?? 'utf8');
  switch (spec.algorithm) {
    case 'bcrypt':
      return bcrypt.compare(password, spec.hash.value);
    case 'argon2':
      return verifyArgon2(spec.hash.value, plain).catch(() => false);
    case 'pbkdf2':
      return verifyPbkdf2(plain, spec.hash.value);
    case 'ldap':
      return verifyLdap(plain, spec.hash.value);
    case 'hmac': {
      const algorithm = spec.hash.digest ?? '';
      if (!spec.hash.key || !SUPPORTED_DIGESTS.has(algorithm)) return false;
      const actual = createHmac(algorithm, decode(spec.hash.key.value, spec.hash.key.encoding ?? 'utf8')).update(salted(plain, spec)).digest();
      return equal(actual, decode(spec.hash.value, spec.hash.encoding));
    }
    case 'scrypt': {
      if (!spec.salt || !spec.keylen || !spec.cost || !spec.blockSize || !spec.parallelization) return false;
      const options = { N: spec.cost, r: spec.blockSize, p: spec.parallelization, maxmem: 256 * spec.cost * spec.blockSize + 16 * 1024 * 1024 };
      const actual = await scryptAsync(plain, decode(spec.salt.value, spec.salt.encoding ?? 'utf8'), spec.keylen, options).catch(() => null);
      return actual !== null && equal(actual, decode(spec.hash.value, spec.hash.encoding));
    }
    default: {
      const actual = digest(spec.algorithm, salted(plain, spec));
      return actual !== null && equal(actual, decode(spec.hash.value, spec.hash.encoding));
    }
  }
}
