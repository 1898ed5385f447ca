import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';
import type { AppConfig } from '../config/config.loader';
import { APP_CONFIG } from '../config/config.module';
import type { ManagementClientConfig } from '../config/schema/clients.schema';
import type { IdentityUser } from '../identity/identity.types';
import { ImportConnections } from '../identity/import-connections';

/** Which connections internal services may manage, read from `managementClient`. */
export interface ConnectionRules {
  /** Supported connection names, in configuration order. */
  supported: readonly string[];
  /** Connection of users created or imported without one. */
  defaultConnection?: string;
  /** Connection ids given by `supportedConnectionsMap`. */
  ids: Readonly<Record<string, string>>;
}

/**
 * The rules of either configuration form: `supportedConnectionsMap` + `defaultManagementConnectionName`,
 * or the older `supportedConnections` + `defaultCreateUserConnection` (the schema keeps them apart).
 * Nothing configured means no connection is supported.
 */
export function connectionRules(management: ManagementClientConfig): ConnectionRules {
  if (management.supportedConnectionsMap) {
    const map = management.supportedConnectionsMap;
    return {
      supported: Object.keys(map),
      defaultConnection: management.defaultManagementConnectionName,
      ids: Object.fromEntries(Object.entries(map).map(([name, { connectionId }]) => [name, connectionId])),
    };
  }
  return {
    supported: management.supportedConnections ?? [],
    defaultConnection: management.defaultCreateUserConnection ?? management.defaultManagementConnectionName,
    ids: {},
  };
}

export const userNotFound = () => ApiError.notFound('inexistent_user', 'The user does not exist.');

/**
 * The connection policy of the user-management API: a user is visible to it only through an
 * identity in a supported connection; any other user answers as an unknown one (404), so the API
 * does not even reveal that such a user exists.
 */
@Injectable()
export class ConnectionPolicy {
  private readonly logger = new Logger(ConnectionPolicy.name);
  private readonly rules: ConnectionRules;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly importConnections: ImportConnections,
  ) {
    this.rules = connectionRules(config.service.managementClient);
    if (this.rules.supported.length === 0) {
      this.logger.warn('managementClient names no supported connection: the user-management API shows, creates and imports no user');
    }
  }

  get supported(): readonly string[] {
    return this.rules.supported;
  }

  isSupported(connection: string): boolean {
    return this.rules.supported.includes(connection);
  }

  /** Whether the API may show, change or delete this user. */
  allows(user: IdentityUser): boolean {
    return user.identities.some((identity) => this.isSupported(identity.connection));
  }

  /** The user if the policy allows it, else the 404 of an unknown user. */
  visible(user: IdentityUser): IdentityUser {
    if (!this.allows(user)) throw userNotFound();
    return user;
  }

  /**
   * The connection a new user (or import) goes to: the one named, which must be supported, else
   * the default; 400 `no_default_connection` when neither is there.
   */
  connectionFor(requested: string | undefined): string {
    if (requested !== undefined) {
      this.assertSupported(requested, 'connection');
      return requested;
    }
    if (this.rules.defaultConnection === undefined) {
      throw ApiError.badRequest('no_default_connection', 'No connection was given and managementClient configures no default connection (defaultManagementConnectionName).');
    }
    return this.rules.defaultConnection;
  }

  assertSupported(connection: string, path: string): void {
    if (!this.isSupported(connection)) {
      throw ApiError.badRequest('unsupported_connection', `The connection "${connection}" is not one of the connections this API manages.`, [
        { path, message: `supported connections: ${this.rules.supported.join(', ') || 'none'}` },
      ]);
    }
  }

  /**
   * The `con_` id of a supported connection: from `supportedConnectionsMap`, else as the provider
   * lists it (ImportConnections).
   */
  async connectionId(connection: string): Promise<string> {
    this.assertSupported(connection, 'connection');
    return (await this.importConnections.resolve(connection)).id;
  }
}
