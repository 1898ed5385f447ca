import { IdentityError } from '../../identity/identity.error';
import type { ApplicationClient } from '../clients/local-clients';
import type { LocalTenantSettings } from '../settings/local-tenant-settings';

/** Client scopes that are the gateway's own switches, not OAuth scopes (`website` → sid cookie). */
const GATEWAY_ONLY_SCOPES = new Set(['website']);

/** Requested scopes, split and deduplicated; the client type's configured scopes when none are asked for. */
export function requestedScopes(scope: string | undefined, client: ApplicationClient): string[] {
  const asked = (scope ?? '').split(/\s+/).filter(Boolean);
  const scopes = asked.length ? asked : client.config.scopes.filter((s) => !GATEWAY_ONLY_SCOPES.has(s));
  return [...new Set(scopes)];
}

/**
 * The audiences a user token may be issued for: the client type's configured API, the local
 * tenant's Management API and /userinfo. Anything else is Auth0's 403 "Service not found".
 */
export function checkAudience(audience: string | undefined, client: ApplicationClient, settings: LocalTenantSettings): string | undefined {
  if (audience === undefined || audience === '') return client.config.audience;
  if (audience === client.config.audience || audience === settings.managementAudience || audience === settings.userInfoAudience) return audience;
  throw new IdentityError(403, 'access_denied', `Service not found: ${audience}`);
}
