/**
 * The built-in development configuration, used when CONFIG_PATH is unset. It goes through the same
 * interpolation and validation as a file (config/examples/development.yaml holds the same document).
 */
export const DEVELOPMENT_CONFIG = {
  identityProvider: { type: 'local' },
  defaultClient: 'web',
  customClaimsNamespaces: ['https://gateway.local/'],
  clients: {
    web: {
      clientId: 'web',
      clientSecret: '${LOCAL_TENANT_WEB_SECRET:-web-development-secret}',
      scopes: ['openid', 'profile', 'email', 'offline_access', 'website'],
      redirectUrl: '${PUBLIC_URL:-http://localhost:8080}/oauth/callback',
      supportedConnections: ['Username-Password-Authentication'],
      defaultConnection: 'Username-Password-Authentication',
      sameSite: 'Lax',
      allowedRedirectUrls: ['${PUBLIC_URL:-http://localhost:8080}/'],
      allowedLogoutRedirectUrls: ['${PUBLIC_URL:-http://localhost:8080}/'],
    },
    app: {
      clientId: 'app',
      clientSecret: '${LOCAL_TENANT_APP_SECRET:-app-development-secret}',
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      supportedConnections: ['Username-Password-Authentication'],
      defaultConnection: 'Username-Password-Authentication',
    },
  },
  managementClient: {
    supportedConnectionsMap: {
      'Username-Password-Authentication': { connectionId: 'con_DevelopmentUser1' },
    },
    defaultManagementConnectionName: 'Username-Password-Authentication',
  },
  localTenant: {
    connections: [{ name: 'Username-Password-Authentication', id: 'con_DevelopmentUser1' }],
    m2mClients: [
      {
        clientId: 'local-m2m',
        clientSecret: '${LOCAL_TENANT_M2M_SECRET}',
        name: 'Local management client',
        scopes: ['read:users', 'update:users', 'create:users', 'delete:users', 'create:users_imports', 'read:users_imports', 'read:connections'],
      },
    ],
    seedUsers: [{ connection: 'Username-Password-Authentication', email: 'demo@example.com', password: '${DEMO_PASSWORD}', name: 'Demo User' }],
  },
  logStreams: {
    streams: [{ name: 'auth0', token: 'Bearer ${LOG_STREAM_TOKEN}' }],
  },
};

/** Variables the development configuration needs; a random value is generated (and printed) when unset. */
export const DEVELOPMENT_GENERATED_VARIABLES = ['DEMO_PASSWORD', 'LOG_STREAM_TOKEN', 'LOCAL_TENANT_M2M_SECRET', 'ADMIN_API_KEY'] as const;
