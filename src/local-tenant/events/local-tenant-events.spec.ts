import { Logger } from '@nestjs/common';
import { AuthEvent, AuthEventRecorder } from '../../common/auth-events/auth-event';
import { loadConfig } from '../../config/config.loader';
import { auth0SchemaProblems } from '../../../test/utils/auth-events';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { LocalTenantEvents, maskSecret } from './local-tenant-events';

class RecordingRecorder extends AuthEventRecorder {
  readonly events: AuthEvent[] = [];
  fail = false;
  async record(events: AuthEvent | AuthEvent[]): Promise<void> {
    if (this.fail) throw new Error('store down');
    this.events.push(...(Array.isArray(events) ? events : [events]));
  }
}

function setup() {
  const config = loadConfig({ DEMO_PASSWORD: 'x', LOG_STREAM_TOKEN: 'log-stream-token-0123456789', LOCAL_TENANT_M2M_SECRET: 'x', ADMIN_API_KEY: 'admin-key-0123456789abcdefghij', PUBLIC_URL: 'https://id.example.com' });
  const recorder = new RecordingRecorder();
  return { recorder, events: new LocalTenantEvents(recorder, new LocalTenantSettings(config)) };
}

describe('LocalTenantEvents', () => {
  it("fills in Auth0's common fields and conforms to Auth0's schema for the type", async () => {
    const { recorder, events } = setup();
    await events.emit({
      type: 'fp',
      description: 'Wrong email or password.',
      client: { id: 'web', name: 'web' },
      connection: { id: 'con_DevelopmentUser1', name: 'Username-Password-Authentication' },
      user: { id: 'auth0|0123456789abcdef01234567', name: 'ada@example.com' },
      context: { ip: '203.0.113.7', userAgent: 'curl/8' },
      details: { error: { message: 'Wrong email or password.' } },
    });
    const [event] = recorder.events;
    expect(event).toMatchObject({
      type: 'fp',
      client_id: 'web',
      client_name: 'web',
      connection: 'Username-Password-Authentication',
      connection_id: 'con_DevelopmentUser1',
      strategy: 'auth0',
      strategy_type: 'database',
      user_id: 'auth0|0123456789abcdef01234567',
      user_name: 'ada@example.com',
      ip: '203.0.113.7',
      user_agent: 'curl/8',
      hostname: 'id.example.com',
      tenant_name: 'id',
    });
    expect(event.log_id).toMatch(/^\d{56}$/);
    expect(new Date(event.date as string).toISOString()).toBe(event.date);
    expect(auth0SchemaProblems(event)).toEqual([]);
  });

  it('the schema check catches an event that lacks what Auth0 sends', () => {
    const { events } = setup();
    const event = events.build({ type: 'fp', description: 'x' }); // no ip, no details.error
    expect(auth0SchemaProblems(event).join('\n')).toMatch(/ip|error/);
  });

  it('a failing recorder never fails the caller; the failure is logged', async () => {
    const { recorder, events } = setup();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    recorder.fail = true;
    await expect(events.emit({ type: 's', description: '' })).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ types: ['s'] }), 'could not record local tenant events');
    warn.mockRestore();
  });

  it('masks secrets down to their last three characters', () => {
    expect(maskSecret('abcdefghij')).toBe('*******hij');
    expect(maskSecret('x'.repeat(60)).length).toBe(45);
  });
});
