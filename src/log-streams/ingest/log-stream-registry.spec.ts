import { createHash } from 'node:crypto';
import { ApiError } from '../../common/errors/api-error';
import { loadConfig } from '../../config/config.loader';
import { LogStreamRegistry } from './log-stream-registry';

const env = { LOG_LEVEL: 'silent', DEMO_PASSWORD: 'x', LOG_STREAM_TOKEN: 'token-0123456789abcdef', LOCAL_TENANT_M2M_SECRET: 'z', ADMIN_API_KEY: 'k'.repeat(30) };
const errorCode = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as ApiError).errorCode;
  }
  return 'none';
};

describe('LogStreamRegistry', () => {
  it('authenticates the exact Authorization header and keeps only its SHA-256', () => {
    const config = loadConfig(env);
    const registry = new LogStreamRegistry(config);
    expect(registry.authenticate('auth0', 'Bearer token-0123456789abcdef')).toMatchObject({ name: 'auth0', bodyLimitBytes: 10 * 1024 * 1024 });
    expect(errorCode(() => registry.authenticate('auth0', 'token-0123456789abcdef'))).toBe('invalid_stream_token');
    expect(errorCode(() => registry.authenticate('auth0', 'bearer token-0123456789abcdef'))).toBe('invalid_stream_token');
    expect(errorCode(() => registry.authenticate('auth0', undefined))).toBe('invalid_stream_token');
    expect(errorCode(() => registry.authenticate('other', 'Bearer token-0123456789abcdef'))).toBe('log_stream_not_found');
    expect(JSON.stringify(config.service)).not.toContain('token-0123456789abcdef');
  });

  it('accepts a token configured as its sha256 (and a second registry on the same configuration)', () => {
    const config = loadConfig(env);
    config.service.logStreams.streams[0].token = `sha256:${createHash('sha256').update('Bearer elsewhere-0123456789').digest('hex')}`;
    new LogStreamRegistry(config);
    const second = new LogStreamRegistry(config);
    expect(second.authenticate('auth0', 'Bearer elsewhere-0123456789').name).toBe('auth0');
  });
});
