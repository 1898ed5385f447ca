import { AppConfig } from './config/config.loader';

/** What a person starting the service needs to know, printed once at start. */
export function startupBanner(config: AppConfig, url: string): string {
  const lines = [
    `auth0-gateway listening on ${url}`,
    `  Swagger UI:    ${url}/documentation  (OpenAPI JSON: ${url}/documentation/json)`,
    `  Configuration: ${config.source}`,
    `  Identity:      ${config.service.identityProvider.type === 'local' ? 'local tenant (built in)' : `Auth0 tenant ${config.service.identityProvider.domain}`}`,
  ];
  const generated = config.generated;
  if (generated.ADMIN_API_KEY) lines.push(`  Admin API key: ${generated.ADMIN_API_KEY}  (generated for this run; set ADMIN_API_KEY to keep one)`);
  if (config.source === 'built-in development configuration') {
    const clientTypes = Object.keys(config.service.clients).join(', ');
    const demo = config.service.localTenant.seedUsers[0];
    lines.push(`  Client types:  ${clientTypes} (default ${config.service.defaultClient}; "web" uses the sid cookie)`);
    if (demo) {
      lines.push(`  Demo user:     ${demo.email} / ${demo.password}${generated.DEMO_PASSWORD ? '  (set DEMO_PASSWORD to choose it)' : ''}`);
      lines.push(
        `  Log in:        curl -i -X POST ${url}/oauth/token -H 'client-type: app' -H 'content-type: application/json' \\\n` +
          `                   -d '{"grant_type":"password","username":"${demo.email}","password":"${demo.password}"}'`,
      );
    }
    if (generated.LOG_STREAM_TOKEN) lines.push(`  Log stream:    POST ${url}/log-streams/auth0 with Authorization: Bearer ${generated.LOG_STREAM_TOKEN}`);
    if (generated.LOCAL_TENANT_M2M_SECRET) lines.push(`  M2M client:    local-m2m / ${generated.LOCAL_TENANT_M2M_SECRET}`);
  }
  return lines.join('\n');
}
