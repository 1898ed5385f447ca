import { loadConfig } from '../../config/config.loader';
import { IdentityError } from '../../identity/identity.error';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { LocalClients, secretsEqual } from './local-clients';

function clients(): LocalClients {
  const config = loadConfig({ DEMO_PASSWORD: 'x', LOG_STREAM_TOKEN: 'log-stream-token-0123456789', LOCAL_TENANT_M2M_SECRET: 'm2m-secret', ADMIN_API_KEY: 'admin-key-0123456789abcdefghij' });
  return new LocalClients(config, new LocalTenantSettings(config));
}

function failure(fn: () => unknown): IdentityError {
  try {
    fn();
  } catch (error) {
    return error as IdentityError;
  }
  throw new Error('expected a failure');
}

describe('LocalClients (development configuration)', () => {
  it('knows the client types by name and the M2M client', () => {
    const c = clients();
    expect(c.find('web')).toMatchObject({ kind: 'application', name: 'web', secret: 'web-development-secret' });
    expect(c.find('local-m2m')).toMatchObject({ kind: 'machine', name: 'Local management client' });
    expect(c.nameOf('nobody')).toBe('');
  });

  it('answers an unknown client and a wrong secret alike', () => {
    const c = clients();
    const unknown = failure(() => c.authenticateApplication('nobody', 'x'));
    const wrong = failure(() => c.authenticateApplication('web', 'wrong'));
    expect([unknown.getStatus(), unknown.code, unknown.message]).toEqual([401, 'access_denied', 'Unauthorized']);
    expect([wrong.getStatus(), wrong.code, wrong.message]).toEqual([401, 'access_denied', 'Unauthorized']);
    expect(c.authenticateApplication('web', 'web-development-secret').clientId).toBe('web');
  });

  it('requires the secret of a confidential client unless the grant allows leaving it out', () => {
    const c = clients();
    expect(failure(() => c.authenticateApplication('web', undefined)).code).toBe('access_denied');
    expect(c.authenticateApplication('web', undefined, { secretOptional: true }).clientId).toBe('web');
    expect(failure(() => c.authenticateApplication('web', 'wrong', { secretOptional: true })).code).toBe('access_denied');
  });

  it('keeps application and machine clients to their grants', () => {
    const c = clients();
    expect(failure(() => c.authenticateApplication('local-m2m', 'm2m-secret')).code).toBe('unauthorized_client');
    expect(failure(() => c.authenticateMachine('web', 'web-development-secret')).code).toBe('unauthorized_client');
    expect(failure(() => c.authenticateMachine('local-m2m', 'wrong')).code).toBe('access_denied');
    expect(c.authenticateMachine('local-m2m', 'm2m-secret').scopes).toContain('read:users');
  });
});

describe('secretsEqual', () => {
  it('compares secrets of any length', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', '')).toBe(true);
  });
});
