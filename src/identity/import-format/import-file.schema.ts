/**
 * JSON Schema of one user in an Auth0 bulk import file (the file is an array of these). It follows
 * Auth0's published import schema: `email` required, no unknown properties, `password_hash` (bcrypt)
 * and `custom_password_hash` mutually exclusive, each custom hash algorithm with what it needs.
 */
const ENCODING = { type: 'string', enum: ['base64', 'hex', 'utf8'] } as const;

const DIGESTS = ['md4', 'md5', 'ripemd160', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'whirlpool'];

const PASSWORD_ENCODINGS = ['ascii', 'utf8', 'utf16le', 'ucs2', 'latin1', 'binary'];

/** One variant per algorithm family; a hash must satisfy at least one (Auth0 reports ANY_OF_MISSING). */
const algorithmVariants = [
  {
    properties: {
      algorithm: { const: 'bcrypt' },
      hash: { properties: { value: { pattern: '^\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$' } } },
    },
  },
  {
    properties: {
      algorithm: { const: 'argon2' },
      hash: { properties: { value: { pattern: '^\\$argon2(id|i|d)\\$' } } },
    },
  },
  {
    // PBKDF2 hashes are PHC strings: $pbkdf2-<digest>$i=<iterations>,l=<keylen>$<salt>$<hash>
    properties: {
      algorithm: { const: 'pbkdf2' },
      hash: { properties: { value: { pattern: '^\\$pbkdf2-(md4|md5|ripemd160|sha1|sha224|sha256|sha384|sha512|whirlpool)\\$i=\\d+(,l=\\d+)?\\$' } } },
    },
  },
  {
    properties: { algorithm: { enum: ['md4', 'md5', 'sha1', 'sha256', 'sha512'] } },
  },
  {
    properties: { algorithm: { const: 'hmac' }, hash: { required: ['value', 'digest', 'key'] } },
  },
  {
    properties: { algorithm: { const: 'ldap' }, hash: { properties: { value: { pattern: '^\\{[A-Z0-9]+\\}' } } } },
  },
  {
    properties: { algorithm: { const: 'scrypt' } },
    required: ['salt', 'keylen', 'cost', 'blockSize', 'parallelization'],
  },
];

export const IMPORT_USER_SCHEMA = {
  $id: 'https://gateway.local/schemas/import-user.json',
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email', maxLength: 512 },
    email_verified: { type: 'boolean' },
    // Without the `auth0|` prefix, which the import adds.
    user_id: { type: 'string', minLength: 1, maxLength: 255, pattern: '^(?!auth0\\|)[^|\\s]+$' },
    username: { type: 'string', minLength: 1, maxLength: 128 },
    given_name: { type: 'string', minLength: 1, maxLength: 150 },
    family_name: { type: 'string', minLength: 1, maxLength: 150 },
    name: { type: 'string', minLength: 1, maxLength: 300 },
    nickname: { type: 'string', minLength: 1, maxLength: 300 },
    picture: { type: 'string', format: 'uri' },
    blocked: { type: 'boolean' },
    app_metadata: { type: 'object' },
    user_metadata: { type: 'object' },
    password_hash: { type: 'string', pattern: '^\\$2[ab]\\$\\d{2}\\$[./A-Za-z0-9]{53}$' },
    custom_password_hash: {
      type: 'object',
      properties: {
        algorithm: { type: 'string', enum: ['argon2', 'bcrypt', 'hmac', 'ldap', 'md4', 'md5', 'sha1', 'sha256', 'sha512', 'pbkdf2', 'scrypt'] },
        hash: {
          type: 'object',
          properties: {
            value: { type: 'string', minLength: 1 },
            encoding: ENCODING,
            digest: { type: 'string', enum: DIGESTS },
            key: {
              type: 'object',
              properties: { value: { type: 'string', minLength: 1 }, encoding: ENCODING },
              required: ['value'],
              additionalProperties: false,
            },
          },
          required: ['value'],
          additionalProperties: false,
        },
        salt: {
          type: 'object',
          properties: {
            value: { type: 'string', minLength: 1 },
            encoding: ENCODING,
            position: { type: 'string', enum: ['prefix', 'suffix'] },
          },
          required: ['value'],
          additionalProperties: false,
        },
        password: {
          type: 'object',
          properties: { encoding: { type: 'string', enum: PASSWORD_ENCODINGS } },
          additionalProperties: false,
        },
        keylen: { type: 'integer', minimum: 1 },
        cost: { type: 'integer', minimum: 1 },
        blockSize: { type: 'integer', minimum: 1 },
        parallelization: { type: 'integer', minimum: 1 },
      },
      required: ['algorithm', 'hash'],
      additionalProperties: false,
      anyOf: algorithmVariants,
    },
    mfa_factors: {
      type: 'array',
      minItems: 1,
      maxItems: 10,
      items: {
        type: 'object',
        oneOf: [
          { properties: { totp: { type: 'object', properties: { secret: { type: 'string', pattern: '^[A-Z2-7]+=*$', minLength: 16 } }, required: ['secret'], additionalProperties: false } }, required: ['totp'], additionalProperties: false },
          { properties: { phone: { type: 'object', properties: { value: { type: 'string', pattern: '^\\+[0-9]{7,15}$' } }, required: ['value'], additionalProperties: false } }, required: ['phone'], additionalProperties: false },
          { properties: { email: { type: 'object', properties: { value: { type: 'string', format: 'email' } }, required: ['value'], additionalProperties: false } }, required: ['email'], additionalProperties: false },
        ],
      },
    },
  },
  required: ['email'],
  additionalProperties: false,
  // password_hash and custom_password_hash are mutually exclusive.
  not: { type: 'object', required: ['password_hash', 'custom_password_hash'] },
} as const;
