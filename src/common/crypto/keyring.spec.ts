import { randomBytes } from 'node:crypto';
import { DecryptionError, Keyring, parseEncryptionKeys } from './keyring';

const hexKey = randomBytes(32).toString('hex');
const b64Key = randomBytes(32).toString('base64');

describe('parseEncryptionKeys', () => {
  it('accepts one key in hex or base64, and labelled keys for rotation', () => {
    expect(parseEncryptionKeys(hexKey).keys).toHaveLength(1);
    expect(parseEncryptionKeys(b64Key).keys).toHaveLength(1);
    const { keys, problems } = parseEncryptionKeys(`new:${hexKey}, old:${b64Key}`);
    expect(problems).toEqual([]);
    expect(keys.map((k) => k.label)).toEqual(['new', 'old']);
  });

  it('names every key that is not 32 bytes', () => {
    const { problems } = parseEncryptionKeys(`a:${hexKey},b:short,c:${randomBytes(16).toString('base64')}`);
    expect(problems).toEqual([expect.stringContaining('"b"'), expect.stringContaining('"c"')]);
  });
});

describe('Keyring', () => {
  const ring = new Keyring(parseEncryptionKeys(hexKey).keys);

  it('round-trips and never repeats a ciphertext', () => {
    const a = ring.encrypt('refresh-token-value');
    const b = ring.encrypt('refresh-token-value');
    expect(a).not.toEqual(b);
    expect(a).not.toContain('refresh-token-value');
    expect(ring.decryptString(a)).toBe('refresh-token-value');
  });

  it('refuses altered ciphertexts and ciphertexts moved to another row', () => {
    const c = ring.encrypt('secret', 'row-1');
    expect(ring.decryptString(c, 'row-1')).toBe('secret');
    expect(() => ring.decrypt(c, 'row-2')).toThrow(DecryptionError);
    const parts = c.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => ring.decrypt(parts.join('.'), 'row-1')).toThrow(DecryptionError);
  });

  it('decrypts with an older key after rotation, whatever the keys are called', () => {
    const old = ring.encrypt('kept');
    const rotated = new Keyring(parseEncryptionKeys(`next:${b64Key},previous:${hexKey}`).keys);
    expect(rotated.decryptString(old)).toBe('kept');
    expect(rotated.isStale(old)).toBe(true);
    expect(rotated.isStale(rotated.encrypt('x'))).toBe(false);
    expect(() => new Keyring(parseEncryptionKeys(b64Key).keys).decrypt(old)).toThrow(/not in ENCRYPTION_KEY/);
  });
});
