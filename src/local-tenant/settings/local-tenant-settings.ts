import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import type { ConnectionConfig, LocalTenantConfig } from '../../config/schema/local-tenant.schema';
import { IdentityError } from '../../identity/identity.error';
import type { ConnectionInfo } from '../../identity/identity.types';
import { connectionId } from '../import/connection-lookup';

/** A configured database connection with its `con_` id. */
export interface LocalConnection {
  id: string;
  name: string;
  requiresUsername: boolean;
  passwordPolicy: ConnectionConfig['passwordPolicy'];
}

/**
 * The local tenant's configuration as the rest of the tenant needs it: issuer URLs, the tenant's
 * name in log events, and its database connections.
 */
@Injectable()
export class LocalTenantSettings {
  /** Issuer base URL without a trailing slash, e.g. `http://localhost:8080/local-tenant`. */
  readonly issuerBase: string;
  /** The `iss` claim: the issuer base URL with a trailing slash, as Auth0 writes it. */
  readonly issuer: string;
  /** Host name of the issuer, reported as `hostname` in log events. */
  readonly hostname: string;
  /** `tenant_name` of log events: the first label of the issuer's host name. */
  readonly tenantName: string;
  readonly connections: readonly LocalConnection[];
  readonly tenant: LocalTenantConfig;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.tenant = config.service.localTenant;
    const base = this.tenant.issuerBaseUrl ?? `${config.env.PUBLIC_URL ?? `http://localhost:${config.env.PORT}`}${this.tenant.facade.prefix}`;
    this.issuerBase = base.replace(/\/+$/, '');
    this.issuer = `${this.issuerBase}/`;
    this.hostname = new URL(this.issuer).hostname;
    this.tenantName = this.hostname.split('.')[0];
    this.connections = this.tenant.connections.map((c) => ({ id: connectionId(c), name: c.name, requiresUsername: c.requiresUsername, passwordPolicy: c.passwordPolicy }));
  }

  /** The audience of the local tenant's Management API (`<issuer>api/v2/`). */
  get managementAudience(): string {
    return `${this.issuer}api/v2/`;
  }

  /** The audience every token that may call /userinfo carries (`<issuer>userinfo`). */
  get userInfoAudience(): string {
    return `${this.issuer}userinfo`;
  }

  /** The connection with this name; 400 `inexistent_connection` when there is none. */
  connection(name: string): LocalConnection {
    const found = this.connections.find((c) => c.name === name);
    if (!found) throw new IdentityError(400, 'inexistent_connection', `The connection does not exist: ${name}`);
    return found;
  }

  connectionById(id: string): LocalConnection | undefined {
    return this.connections.find((c) => c.id === id);
  }

  listConnections(): ConnectionInfo[] {
    return this.connections.map((c) => ({ id: c.id, name: c.name, strategy: 'auth0' }));
  }
}
