import { ApiError } from '../../common/errors/api-error';
import { CliError } from '../../cli/cli-output';
import type { AppConfig } from '../../config/config.loader';
import type { IdentityProvider } from '../../identity/identity-provider.port';
import type { ConnectionInfo } from '../../identity/identity.types';

/** Runs an identity call and turns its error into one line (plus its details) for the terminal. */
export async function orCliError<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError) {
      const details = (error.details ?? []).map((d) => `\n  - ${d.path}: ${d.message}`).join('');
      throw new CliError(`${error.message}${details}`);
    }
    throw error;
  }
}

/**
 * The connection a command works in: the one named, else the configured default management
 * connection, else the tenant's first connection.
 */
export async function resolveConnection(idp: IdentityProvider, config: AppConfig, name: string | undefined): Promise<ConnectionInfo> {
  const connections = await idp.listConnections();
  const management = config.service.managementClient;
  const wanted = name ?? management.defaultManagementConnectionName ?? management.defaultCreateUserConnection ?? connections[0]?.name;
  const found = connections.find((c) => c.name === wanted);
  if (!found) throw new CliError(`no connection named "${wanted}" (connections: ${connections.map((c) => c.name).join(', ') || 'none'})`);
  return found;
}
