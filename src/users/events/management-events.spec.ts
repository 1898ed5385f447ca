import type { AuthEventRecorder } from '../../common/auth-events/auth-event';
import type { AppConfig } from '../../config/config.loader';
import { ManagementEvents } from './management-events';

const config = (identityProvider: AppConfig['service']['identityProvider']) =>
  ({ env: { PUBLIC_URL: 'https://gateway.example.com', PORT: 8080 }, service: { identityProvider, localTenant: {} } }) as unknown as AppConfig;
const admin = { kind: 'admin_api_key' as const, admin: { keyId: 'key-1', name: 'crm-sync', scopes: ['users:write' as const] } };

describe('ManagementEvents', () => {
  it('builds a sapi event naming the admin key, the call and the user, with the password masked', () => {
    const events = new ManagementEvents({ record: jest.fn() } as unknown as AuthEventRecorder, config({ type: 'auth0', domain: 'acme.eu.auth0.com', clientId: 'c', clientSecret: 's', timeoutMs: 1, maxRetries: 0, retryBudgetMs: 0 }));
    const event = events.build(
      {
        description: 'Create a User',
        method: 'post',
        path: '/users',
        statusCode: 201,
        actor: admin,
        context: { ip: '192.0.2.1', userAgent: 'crm/1' },
        target: { userId: 'auth0|1', userName: 'a@example.com', connection: 'db' },
        body: { email: 'a@example.com', password: 'Secret-1' },
        response: { user_id: 'auth0|1' },
      },
      new Date('2026-01-02T03:04:05.000Z'),
    );
    expect(event).toEqual({
      type: 'sapi',
      description: 'Create a User',
      date: '2026-01-02T03:04:05.000Z',
      log_id: expect.stringMatching(/^\d{56}$/),
      client_id: 'key-1',
      client_name: 'crm-sync',
      hostname: 'gateway.example.com',
      tenant_name: 'acme',
      environment_name: 'auth0-gateway',
      user_id: 'auth0|1',
      user_name: 'a@example.com',
      connection: 'db',
      ip: '192.0.2.1',
      user_agent: 'crm/1',
      details: {
        request: {
          method: 'post',
          path: '/users',
          channel: 'auth0-gateway',
          auth: { strategy: 'admin_api_key', credentials: { key_id: 'key-1', key_name: 'crm-sync', scopes: ['users:write'] } },
          body: { email: 'a@example.com', password: '*****' },
        },
        response: { statusCode: 201, body: { user_id: 'auth0|1' } },
      },
    });
  });

  it('logs a recorder failure instead of failing the change already made', async () => {
    const recorder = { record: jest.fn().mockRejectedValue(new Error('event store down')) };
    const events = new ManagementEvents(recorder as unknown as AuthEventRecorder, config({ type: 'local' }));
    await expect(events.record({ description: 'Delete a User', method: 'delete', path: '/users/x', statusCode: 204, actor: { kind: 'cli' }, context: {} })).resolves.toBeUndefined();
    expect(recorder.record).toHaveBeenCalledWith(expect.objectContaining({ client_name: 'cli', tenant_name: 'gateway', details: expect.objectContaining({ request: expect.objectContaining({ auth: { strategy: 'cli' } }) }) }));
  });
});
