import { loadConfig } from '../../config/config.loader';
import { routeAccepts, sinkRoutes, sinksFor } from './sink-routes';

describe('sink routes', () => {
  it('filter by type (with a trailing wildcard) and by category (exact or dotted prefix)', () => {
    const route = { name: 'siem', types: ['limit_*', 'fp'], categories: ['auth.login', 'system.notification'] };
    expect(routeAccepts(route, 'fp', 'auth.login.fail')).toBe(true);
    expect(routeAccepts(route, 'limit_wc', 'system.notification')).toBe(true);
    expect(routeAccepts(route, 's', 'auth.login.success')).toBe(false);
    expect(routeAccepts({ name: 'x', types: [], categories: ['auth.login'] }, 'fsa', 'auth.silent_auth.fail')).toBe(false);
    expect(routeAccepts({ name: 'all', types: [], categories: [] }, 'anything', 'other')).toBe(true);
  });

  it('include JetStream only when NATS_URL is set and it is not disabled', () => {
    const env = { LOG_LEVEL: 'silent', DEMO_PASSWORD: 'x', LOG_STREAM_TOKEN: 'y'.repeat(20), LOCAL_TENANT_M2M_SECRET: 'z', ADMIN_API_KEY: 'k'.repeat(30) };
    expect(sinkRoutes(loadConfig(env)).map((r) => r.name)).toEqual([]);
    expect(sinkRoutes(loadConfig({ ...env, NATS_URL: 'nats://127.0.0.1:4222' })).map((r) => r.name)).toEqual(['nats']);
    const routes = [
      { name: 'a', types: ['s'], categories: [] },
      { name: 'b', types: [], categories: [] },
    ];
    expect(sinksFor(routes, 's', 'auth.login.success')).toEqual(['a', 'b']);
    expect(sinksFor(routes, 'f', 'auth.login.fail')).toEqual(['b']);
  });
});
