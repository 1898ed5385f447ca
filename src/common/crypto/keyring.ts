import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKey {
  /** The label given in ENCRYPTION_KEY (`kid:key`), for messages only. */
  label: string;
  /** First 8 bytes of the key's SHA-256, hex: what ciphertexts record, so renaming a key never breaks decryption. */
  fingerprint: string;
  key: Buffer;
}

function decodeKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return bytes.length === 32 ? bytes : null;
  }
  return null;
}

export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * Parses ENCRYPTION_KEY: one 32-byte key (base64 or hex), or `kid1:key1,kid2:key2` for rotation
 * (the first encrypts, all decrypt). Returns the problems instead of throwing so configuration
 * validation can list them with everything else.
 */
export function parseEncryptionKeys(value: string): { keys: EncryptionKey[]; problems: string[] } {
  const keys: EncryptionKey[] = [];
  const problems: string[] = [];
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  parts.forEach((part, i) => {
    const colon = part.indexOf(':');
    const label = colon > 0 ? part.slice(0, colon) : `key${i + 1}`;
    const key = decodeKey(colon > 0 ? part.slice(colon + 1) : part);
    if (!key) problems.push(`key "${label}" must be 32 bytes, as 64 hex characters or base64`);
    else keys.push({ label, fingerprint: keyFingerprint(key), key });
  });
  if (parts.length === 0) problems.push('no key given');
  return { keys, problems };
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

/**
 * AES-256-GCM with a set of keys: the first encrypts, any decrypts. A ciphertext is
 * `v1.<key fingerprint>.<iv>.<ciphertext>.<tag>` (base64url parts). The optional associated data
 * binds a ciphertext to its row (e.g. a session id hash) so it cannot be moved to another one.
 */
export class Keyring {
  private readonly byFingerprint: Map<string, EncryptionKey>;

  constructor(private readonly keys: EncryptionKey[]) {
    if (keys.length === 0) throw new Error('a keyring needs at least one key');
    this.byFingerprint = new Map(keys.map((k) => [k.fingerprint, k]));
  }

  /** Fingerprint of the key new ciphertexts use. */
  get currentKeyId(): string {
    return this.keys[0].fingerprint;
  }

  encrypt(plaintext: string | Buffer, associatedData?: string): string {
    const { key, fingerprint } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
    return [VERSION, fingerprint, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  decrypt(ciphertext: string, associatedData?: string): Buffer {
    const parts = ciphertext.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new DecryptionError('not a ciphertext of this service');
    const entry = this.byFingerprint.get(parts[1]);
    if (!entry) throw new DecryptionError(`encrypted with a key that is not in ENCRYPTION_KEY (fingerprint ${parts[1]})`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(parts[2], 'base64url'), { authTagLength: TAG_BYTES });
      if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(Buffer.from(parts[4], 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]);
    } catch {
      throw new DecryptionError('ciphertext or associated data was altered');
    }
  }

  decryptString(ciphertext: string, associatedData?: string): string {
    return this.decrypt(ciphertext, associatedData).toString('utf8');
  }

  /** Whether a ciphertext was made with an older key (worth re-encrypting). */
  isStale(ciphertext: string): boolean {
    return ciphertext.split('.')[1] !== this.currentKeyId;
  }
}
