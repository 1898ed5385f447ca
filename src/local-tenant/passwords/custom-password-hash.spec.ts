import { hash as argon2 } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { CustomPasswordHash, verifyCustomPasswordHash } from './custom-password-hash';

// Expected hashes computed with Python's hashlib/hmac (an independent implementation).
const PASSWORD = 'Legacy-Passw0rd';

const cases: Array<[string, CustomPasswordHash]> = [
  ['sha256 with a prefix salt (Auth0 documentation example, password "hello")', { algorithm: 'sha256', hash: { value: '7054f76f832d2d4e244f73b3f3f4c3702cb60a573ed12441c90f159df560fcb5', encoding: 'hex' }, salt: { value: 'keyboardcat', position: 'prefix' } }],
  ['sha512 base64 with a suffix salt', { algorithm: 'sha512', hash: { value: 'P6XGvOZeZ5B2LvsiwSn18Gel4y4wU4l1sw0mByquFwbChTjU9cQA5pGmDLpgcX28ildo1lxcuXfRxU/dJyzf1A==', encoding: 'base64' }, salt: { value: 'pepper', position: 'suffix' } }],
  ['md5 without salt, hex by default', { algorithm: 'md5', hash: { value: 'a0d804864c1f2ed7e384e3782dc08815' } }],
  ['sha1 with a prefix salt', { algorithm: 'sha1', hash: { value: '4f7efb8990783859a12e91092c34fa9d27101b31' }, salt: { value: 'NaCl', position: 'prefix' } }],
  ['hmac-sha256 with a key', { algorithm: 'hmac', hash: { value: '1399d821d8d1ddc764a8dc25883f9661a94a0511681b6349768185257d4d48d8', digest: 'sha256', key: { value: 'hmac-key' } } }],
  ['pbkdf2-sha256 in PHC form', { algorithm: 'pbkdf2', hash: { value: '$pbkdf2-sha256$i=10000,l=32$c2FsdHNhbHQxMjM0NTY3OA$IGaSul6o+hqbcjnwbaLiOeQ3w5ER0QcsyJhnPIL78oc', encoding: 'utf8' } }],
  ['ldap {SSHA}', { algorithm: 'ldap', hash: { value: '{SSHA}6NQ2QtFnRIGfd0CPGeiO9+9qD+BsZGFwc2FsdA==', encoding: 'utf8' } }],
  ['scrypt', { algorithm: 'scrypt', hash: { value: 'b7eab48e918c3bb4a37c89dd8ab54b49d8a9ad004812ab91df44d6d118653f77', encoding: 'hex' }, salt: { value: 'scrypt-salt' }, keylen: 32, cost: 16384, blockSize: 8, parallelization: 1 }],
];

describe('verifyCustomPasswordHash', () => {
  it.each(cases)('%s: the right password matches, a wrong one does not', async (name, spec) => {
    const right = name.includes('"hello"') ? 'hello' : PASSWORD;
    await expect(verifyCustomPasswordHash(spec, right)).resolves.toBe(true);
    await expect(verifyCustomPasswordHash(spec, `${right}x`)).resolves.toBe(false);
  });

  it('a salt in the wrong position does not match', async () => {
    const [, spec] = cases[0];
    await expect(verifyCustomPasswordHash({ ...spec, salt: { ...spec.salt!, position: 'suffix' } }, 'hello')).resolves.toBe(false);
  });

  it('verifies bcrypt and argon2 hashes given as custom_password_hash', async () => {
    const bcryptHash = await bcrypt.hash(PASSWORD, 4);
    await expect(verifyCustomPasswordHash({ algorithm: 'bcrypt', hash: { value: bcryptHash } }, PASSWORD)).resolves.toBe(true);
    await expect(verifyCustomPasswordHash({ algorithm: 'bcrypt', hash: { value: bcryptHash } }, 'nope')).resolves.toBe(false);
    const argon = await argon2(PASSWORD, { memoryCost: 1024, timeCost: 1 });
    await expect(verifyCustomPasswordHash({ algorithm: 'argon2', hash: { value: argon, encoding: 'utf8' } }, PASSWORD)).resolves.toBe(true);
    await expect(verifyCustomPasswordHash({ algorithm: 'argon2', hash: { value: argon, encoding: 'utf8' } }, 'nope')).resolves.toBe(false);
  });

  it('never matches what it cannot compute (md4 on OpenSSL 3, malformed PHC, empty hash)', async () => {
    await expect(verifyCustomPasswordHash({ algorithm: 'md4', hash: { value: '00' } }, PASSWORD)).resolves.toBe(false);
    await expect(verifyCustomPasswordHash({ algorithm: 'pbkdf2', hash: { value: '$pbkdf2-sha256$i=1$bad' } }, PASSWORD)).resolves.toBe(false);
    await expect(verifyCustomPasswordHash({ algorithm: 'sha256', hash: { value: '' } }, '')).resolves.toBe(false);
  });
});
