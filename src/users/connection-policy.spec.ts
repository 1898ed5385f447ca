import { ApiError } from '../common/errors/api-error';
import type { AppConfig } from '../config/config.loader';
import type { IdentityProvider } from '../identity/identity-provider.port';
import type { IdentityUser } from '../identity/identity.types';
import { ImportConnections } from '../identity/import-connections';
import { ConnectionPolicy, connectionRules } from './connection-policy';

const user = (...connections: string[]): IdentityUser => ({
  user_id: 'auth0|1',
  identities: connections.map((connection) => ({ connection, provider: 'auth0', user_id: '1', isSocial: false })),
  created_at: '',
  updated_at: '',
});

function policy(managementClient: AppConfig['service']['managementClient'], connections = [{ id: 'con_FromProvider00001', name: 'db', strategy: 'auth0' }]) {
  const provider = { listConnections: jest.fn(async () => connections) } as unknown as IdentityProvider;
  const config = { service: { managementClient } } as AppConfig;
  return { policy: new ConnectionPolicy(config, new ImportConnections(config, provider)), provider };
}

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { status: (error as ApiError).getStatus(), code: (error as ApiError).errorCode };
  }
  throw new Error('expected a refusal');
};

describe('connectionRules', () => {
  it('reads supportedConnectionsMap and defaultManagementConnectionName', () => {
    expect(connectionRules({ supportedConnectionsMap: { a: { connectionId: 'con_a' }, b: { connectionId: 'con_b' } }, defaultManagementConnectionName: 'b' })).toEqual({
      supported: ['a', 'b'],
      defaultConnection: 'b',
      ids: { a: 'con_a', b: 'con_b' },
    });
  });

  it('reads the older supportedConnections and defaultCreateUserConnection', () => {
    expect(connectionRules({ supportedConnections: ['a'], defaultCreateUserConnection: 'a' })).toEqual({ supported: ['a'], defaultConnection: 'a', ids: {} });
  });

  it('supports nothing when nothing is configured', () => {
    expect(connectionRules({})).toEqual({ supported: [], defaultConnection: undefined, ids: {} });
  });
});

describe('ConnectionPolicy', () => {
  it('sees a user through any identity in a supported connection, and no other user', () => {
    const { policy: p } = policy({ supportedConnections: ['db'] });
    expect(p.allows(user('db'))).toBe(true);
    expect(p.allows(user('google-oauth2', 'db'))).toBe(true);
    expect(p.allows(user('other'))).toBe(false);
    expect(failure(() => p.visible(user('other')))).toEqual({ status: 404, code: 'inexistent_user' });
  });

  it('chooses the connection of a new user: the one named if supported, else the default', () => {
    const { policy: p } = policy({ supportedConnectionsMap: { db: { connectionId: 'con_a' }, staff: { connectionId: 'con_b' } }, defaultManagementConnectionName: 'db' });
    expect(p.connectionFor(undefined)).toBe('db');
    expect(p.connectionFor('staff')).toBe('staff');
    expect(failure(() => p.connectionFor('other'))).toEqual({ status: 400, code: 'unsupported_connection' });
    expect(failure(() => policy({ supportedConnections: ['db'] }).policy.connectionFor(undefined))).toEqual({ status: 400, code: 'no_default_connection' });
  });

  it('takes connection ids from the map, else from the provider', async () => {
    const mapped = policy({ supportedConnectionsMap: { db: { connectionId: 'con_Configured000001' } } });
    expect(await mapped.policy.connectionId('db')).toBe('con_Configured000001');
    expect(mapped.provider.listConnections).not.toHaveBeenCalled();
    const listed = policy({ supportedConnections: ['db', 'gone'] });
    expect(await listed.policy.connectionId('db')).toBe('con_FromProvider00001');
    await expect(listed.policy.connectionId('gone')).rejects.toMatchObject({ errorCode: 'inexistent_connection' });
    await expect(listed.policy.connectionId('other')).rejects.toMatchObject({ errorCode: 'unsupported_connection' });
  });
});
