import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from './config.loader';
import { DEVELOPMENT_CONFIG } from './development-config';

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'agw-cfg-')), name);
  writeFileSync(path, text);
  return path;
}

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the built-in development configuration and generates missing secrets', () => {
    const config = loadConfig({});
    expect(config.source).toBe('built-in development configuration');
    expect(config.env.PORT).toBe(8080);
    expect(config.env.SESSION_DURATION_SECONDS).toBe(86400);
    expect(config.service.identityProvider).toEqual({ type: 'local' });
    expect(Object.keys(config.service.clients)).toEqual(['web', 'app']);
    expect(config.service.clients.web.scopes).toContain('website');
    expect(config.service.clients.app.scopes).not.toContain('website');
    expect(config.service.localTenant.connections).toHaveLength(1);
    expect(config.generated.DEMO_PASSWORD).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(config.service.localTenant.seedUsers[0].password).toBe(config.generated.DEMO_PASSWORD);
    expect(config.env.ADMIN_API_KEY).toBe(config.generated.ADMIN_API_KEY);
  });

  it('rejects an ENCRYPTION_KEY that is not 32 bytes, naming the bad key', () => {
    const problems = problemsOf({ ENCRYPTION_KEY: `current:${'ab'.repeat(32)},old:tooshort` });
    expect(problems).toEqual([expect.stringMatching(/^env ENCRYPTION_KEY: key "old" must be 32 bytes/)]);
  });

  it('does not generate what the environment sets', () => {
    const config = loadConfig({ DEMO_PASSWORD: 'Chosen-Passw0rd', ADMIN_API_KEY: 'x'.repeat(32) });
    expect(config.generated.DEMO_PASSWORD).toBeUndefined();
    expect(config.service.localTenant.seedUsers[0].password).toBe('Chosen-Passw0rd');
    expect(config.env.ADMIN_API_KEY).toBe('x'.repeat(32));
  });

  it('ships config/examples/development.yaml equal to the built-in configuration', () => {
    const example = parse(readFileSync(join(__dirname, '..', '..', 'config', 'examples', 'development.yaml'), 'utf8'));
    expect(example).toEqual(DEVELOPMENT_CONFIG);
  });

  it('loads the multi-environment production example with interpolation in values and keys', () => {
    const env = {
      CONFIG_PATH: join(__dirname, '..', '..', 'config', 'examples', 'production.yaml'),
      ENVIRONMENT: 'staging',
      AUTH0_DOMAIN: 'acme-staging.eu.auth0.com',
      AUTH0_M2M_CLIENT_ID: 'm2m',
      AUTH0_M2M_CLIENT_SECRET: 's3cret',
      AUTH0_TIMEOUT_MS: '2500',
      PUBLIC_HOST: 'staging.acme.test',
      AUTH0_WEB_CLIENT_ID: 'web-id',
      AUTH0_WEB_CLIENT_SECRET: 'web-secret',
      AUTH0_MOBILE_CLIENT_ID: 'mobile-id',
      USERS_CONNECTION: 'acme-users',
      USERS_CONNECTION_ID: 'con_AbCdEfGhIjKlMnOp',
      AUTH0_LOG_STREAM_TOKEN: 'a-long-log-stream-token',
    };
    const config = loadConfig(env);
    expect(config.service.identityProvider).toMatchObject({ type: 'auth0', domain: 'acme-staging.eu.auth0.com', timeoutMs: 2500 });
    expect(config.service.clients.website.defaultConnection).toBe('acme-users');
    expect(config.service.managementClient.supportedConnectionsMap).toEqual({ 'acme-users': { connectionId: 'con_AbCdEfGhIjKlMnOp' } });
    expect(config.service.logStreams.streams[0]).toMatchObject({ name: 'staging', token: 'Bearer a-long-log-stream-token' });
    expect(config.service.logStreams.retentionMonths).toBe(6);
    expect(config.service.sinks.nats).toMatchObject({ enabled: true, stream: 'AUTH0_EVENTS', subjectPrefix: 'auth0.events.staging' });
  });

  it('reports every mistake of a file at once, each with its path', () => {
    const path = file(
      'broken.yaml',
      [
        'clients:',
        '  web:',
        '    scopes: [openid]',
        '    supportedConnections: [db]',
        '    defaultConnection: other',
        '    sameSite: Sideways',
        'unknownSetting: 1',
        'localTenant:',
        '  connections: [{ name: db }]',
      ].join('\n'),
    );
    const problems = problemsOf({ CONFIG_PATH: path });
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clients\.web\.defaultConnection: "other" is not one of supportedConnections/),
        expect.stringMatching(/^clients\.web\.sameSite: /),
        'unknownSetting: unknown key',
      ]),
    );
  });

  it('names unset variables, bad environment values and unparseable files', () => {
    const path = file('needs-env.json', JSON.stringify({ identityProvider: { type: 'auth0', domain: '${AUTH0_DOMAIN}', clientId: 'a', clientSecret: 'b' } }));
    expect(problemsOf({ CONFIG_PATH: path, PORT: 'eighty' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^env PORT: /), 'identityProvider.domain: environment variable AUTH0_DOMAIN is not set']),
    );
    expect(problemsOf({ CONFIG_PATH: file('bad.json', '{ nope') })[0]).toMatch(/^cannot parse JSON/);
    expect(problemsOf({ CONFIG_PATH: '/nonexistent/config.yaml' })[0]).toMatch(/^cannot read/);
  });

  it('rejects a domain with a scheme and a defaultClient that is not a client', () => {
    const path = file('c.yaml', 'defaultClient: nobody\nidentityProvider: { type: auth0, domain: "https://x.auth0.com", clientId: a, clientSecret: b }\n');
    const problems = problemsOf({ CONFIG_PATH: path });
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^defaultClient: "nobody" is not a key of clients/), expect.stringMatching(/^identityProvider\.domain: must be a bare host/)]),
    );
  });
  it('checks that the managed connections are local tenant connections with their ids', () => {
    const path = file(
      'management.yaml',
      [
        'localTenant:',
        '  connections: [{ name: db, id: con_AAAAAAAAAAAAAAAA }, { name: staff }]',
        'managementClient:',
        '  supportedConnectionsMap: { db: { connectionId: con_BBBBBBBBBBBBBBBB }, ghost: { connectionId: con_CCCCCCCCCCCCCCCC } }',
      ].join('\n'),
    );
    expect(problemsOf({ CONFIG_PATH: path })).toEqual([
      'managementClient.supportedConnectionsMap.db.connectionId: the local tenant connection "db" has the id con_AAAAAAAAAAAAAAAA',
      'managementClient.supportedConnectionsMap.ghost: no local tenant connection named "ghost"',
    ]);
    const older = file('older.yaml', 'localTenant: { connections: [{ name: db }] }\nmanagementClient: { supportedConnections: [db, nope] }\n');
    expect(problemsOf({ CONFIG_PATH: older })).toEqual(['managementClient.supportedConnections[1]: no local tenant connection named "nope"']);
  });
});
