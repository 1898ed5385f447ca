import { MAX_IMPORT_FILE_BYTES, parseImportFile, validateImportUser } from './import-file.validator';

const BCRYPT = '$2b$04$9OyqzYmQeV34O/qmCJgdPOowjT0JUcD0pu53BzzIpD4OaQrfGQr4C';
const codes = (user: unknown) => validateImportUser(user).map((e) => `${e.code} ${e.path}`);

describe('import file validation', () => {
  it('accepts the documented fields and each supported custom hash family', () => {
    expect(codes({ email: 'a@example.com', email_verified: true, user_id: 'abc', username: 'a', given_name: 'A', family_name: 'B', name: 'A B', nickname: 'ab', picture: 'https://example.com/a.png', blocked: false, app_metadata: { x: 1 }, user_metadata: {}, password_hash: BCRYPT, mfa_factors: [{ totp: { secret: 'JBSWY3DPEHPK3PXPJBSW' } }] })).toEqual([]);
    for (const custom of [
      { algorithm: 'bcrypt', hash: { value: BCRYPT } },
      { algorithm: 'argon2', hash: { value: '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA' } },
      { algorithm: 'pbkdf2', hash: { value: '$pbkdf2-sha512$i=10000,l=64$c2FsdA$aGFzaA', encoding: 'utf8' } },
      { algorithm: 'sha256', hash: { value: 'ab12', encoding: 'hex' }, salt: { value: 'pepper', position: 'suffix' }, password: { encoding: 'utf8' } },
      { algorithm: 'hmac', hash: { value: 'ab12', encoding: 'hex', digest: 'sha1', key: { value: 'k', encoding: 'utf8' } } },
    ]) {
      expect(codes({ email: 'a@example.com', custom_password_hash: custom })).toEqual([]);
    }
  });

  it('maps schema violations to Auth0 codes and paths', () => {
    expect(codes({})).toEqual(['OBJECT_MISSING_REQUIRED_PROPERTY #/email']);
    expect(codes({ email: 'a@example.com', user_id: 'auth0|abc' })).toEqual(['PATTERN #/user_id']);
    expect(codes({ email: 'a@example.com', custom_password_hash: { algorithm: 'rot13', hash: { value: 'x' } } })).toEqual(['ANY_OF_MISSING #/custom_password_hash', 'ENUM_MISMATCH #/custom_password_hash/algorithm']);
    expect(codes({ email: 'a@example.com', custom_password_hash: { algorithm: 'sha1', hash: { value: 'x' }, salt: { value: 's', position: 'middle' } } })).toEqual(['ENUM_MISMATCH #/custom_password_hash/salt/position']);
    expect(codes({ email: 'a@example.com', mfa_factors: [] })).toEqual(['ARRAY_LENGTH_SHORT #/mfa_factors']);
    expect(codes({ email: 'a@example.com', mfa_factors: [{ sms: {} }] })).toEqual(['ONE_OF_MISSING #/mfa_factors/0']);
    expect(codes({ email: 'a@example.com', app_metadata: [] })).toEqual(['INVALID_TYPE #/app_metadata']);
  });

  it('reads a file only when it is a non-empty JSON array within 500 KB', () => {
    expect(parseImportFile(Buffer.from('[{"email":"a@example.com"}]'))).toEqual([{ email: 'a@example.com' }]);
    expect(() => parseImportFile(Buffer.from('{"email":"a@example.com"}'))).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => parseImportFile(Buffer.from('[]'))).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => parseImportFile(Buffer.alloc(MAX_IMPORT_FILE_BYTES + 1, 0x20))).toThrow(expect.objectContaining({ status: 413 }));
  });
});
