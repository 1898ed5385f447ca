import { createHash } from 'node:crypto';
import type { ConnectionConfig } from '../../config/schema/local-tenant.schema';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The id of a configured connection: the configured one, otherwise `con_` + 16 alphanumerics derived
 * from the name (SHA-256 of the name, each byte mapped onto the 62 characters), so it is stable
 * across restarts and replicas.
 */
export function connectionId(connection: Pick<ConnectionConfig, 'name' | 'id'>): string {
  if (connection.id) return connection.id;
  const digest = createHash('sha256').update(connection.name, 'utf8').digest();
  let suffix = '';
  for (let i = 0; i < 16; i++) suffix += ALPHANUMERIC[digest[i] % ALPHANUMERIC.length];
  return `con_${suffix}`;
}

/** The configured database connection with this id, if any. */
export function findConnectionById<T extends Pick<ConnectionConfig, 'name' | 'id'>>(connections: readonly T[], id: string): T | undefined {
  return connections.find((c) => connectionId(c) === id);
}
