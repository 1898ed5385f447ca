import type { LocalUser } from '../../generated/prisma/client';
import { localIdOf, selectFields, toIdentityUser } from './user-mapper';

const row = (overrides: Partial<LocalUser> = {}): LocalUser => ({
  id: '0123456789abcdef01234567',
  connectionId: 'con_AAAAAAAAAAAAAAAA',
  connection: 'Username-Password-Authentication',
  email: 'Ada@Example.com',
  emailNormalized: 'ada@example.com',
  emailVerified: true,
  username: null,
  usernameNormalized: null,
  name: null,
  givenName: null,
  familyName: null,
  nickname: null,
  picture: null,
  phoneNumber: null,
  blocked: false,
  appMetadata: { plan: 'pro' },
  userMetadata: {},
  passwordHash: '$argon2id$secret',
  customPasswordHash: null,
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  updatedAt: new Date('2026-01-02T00:00:00.000Z'),
  lastLogin: null,
  lastIp: null,
  loginsCount: 0,
  lastPasswordReset: null,
  ...overrides,
});

describe('toIdentityUser', () => {
  it("shows a user as Auth0 does: auth0| id, identities, Auth0's name and nickname defaults, no hashes", () => {
    const user = toIdentityUser(row());
    expect(user).toEqual({
      user_id: 'auth0|0123456789abcdef01234567',
      email: 'Ada@Example.com',
      email_verified: true,
      name: 'Ada@Example.com',
      nickname: 'Ada',
      app_metadata: { plan: 'pro' },
      user_metadata: {},
      identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', user_id: '0123456789abcdef01234567', isSocial: false }],
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-02T00:00:00.000Z',
    });
    expect(JSON.stringify(user)).not.toContain('argon2');
  });

  it('includes login statistics and blocked once they exist', () => {
    const user = toIdentityUser(row({ blocked: true, loginsCount: 3, lastLogin: new Date('2026-02-01T00:00:00Z'), lastIp: '203.0.113.9', name: 'Ada Lovelace', nickname: 'ada' }));
    expect(user).toMatchObject({ blocked: true, logins_count: 3, last_login: '2026-02-01T00:00:00.000Z', last_ip: '203.0.113.9', name: 'Ada Lovelace', nickname: 'ada' });
  });
});

describe('selectFields', () => {
  const user = toIdentityUser(row());
  it('keeps only the named fields, or all but them with include_fields=false', () => {
    expect(selectFields(user, ['user_id', 'email'])).toEqual({ user_id: user.user_id, email: user.email });
    const without = selectFields(user, ['app_metadata', 'identities'], false);
    expect(without).not.toHaveProperty('app_metadata');
    expect(without).not.toHaveProperty('identities');
    expect(without).toHaveProperty('email', user.email);
    expect(selectFields(user, undefined)).toBe(user);
  });
});

describe('localIdOf', () => {
  it('strips the auth0| prefix and rejects other providers', () => {
    expect(localIdOf('auth0|abc')).toBe('abc');
    expect(localIdOf('google-oauth2|abc')).toBeUndefined();
    expect(localIdOf('auth0|')).toBeUndefined();
  });
});
