import { IdentityError } from '../../identity/identity.error';
import type { ApplicationClient } from '../clients/local-clients';
import type { LocalConnection, LocalTenantSettings } from '../settings/local-tenant-settings';

/**
 * The database connection (realm) a login uses: the one asked for, which must be enabled for the
 * client type (its `supportedConnections`, all connections when empty), else the client's
 * `defaultConnection`, its first supported connection, or the tenant's first connection.
 */
export function connectionForClient(client: ApplicationClient, requested: string | undefined, settings: LocalTenantSettings): LocalConnection {
  const supported = client.config.supportedConnections;
  const enabled = (name: string) => supported.length === 0 || supported.includes(name);
  if (requested !== undefined && requested !== '') {
    const connection = settings.connections.find((c) => c.name === requested);
    if (!connection) throw new IdentityError(400, 'invalid_request', 'connection not found');
    if (!enabled(connection.name)) throw new IdentityError(400, 'invalid_request', 'the connection is not enabled');
    return connection;
  }
  const name = client.config.defaultConnection ?? supported[0] ?? settings.connections[0]?.name;
  const connection = name === undefined ? undefined : settings.connections.find((c) => c.name === name);
  if (!connection) throw new IdentityError(400, 'invalid_request', 'no database connection is enabled for this client');
  return connection;
}
