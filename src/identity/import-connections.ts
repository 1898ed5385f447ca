import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.loader';
import { APP_CONFIG } from '../config/config.module';
import type { ManagementClientConfig } from '../config/schema/clients.schema';
import { IDENTITY_PROVIDER } from './identity-provider.port';
import type { IdentityProvider } from './identity-provider.port';
import { IdentityError } from './identity.error';

export interface ImportConnection {
  name: string;
  id: string;
}

/**
 * The connection an import goes to, by name: `managementClient.supportedConnectionsMap` gives its
 * id (and, when configured, limits imports to its connections); without a map the provider's
 * connections are looked up. No name means `defaultManagementConnectionName`.
 */
@Injectable()
export class ImportConnections {
  private readonly management: ManagementClientConfig;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(IDENTITY_PROVIDER) private readonly provider: IdentityProvider,
  ) {
    this.management = config.service.managementClient;
  }

  async resolve(name?: string): Promise<ImportConnection> {
    const wanted = name ?? this.management.defaultManagementConnectionName;
    if (wanted === undefined) throw new IdentityError(400, 'connection_required', 'Name the connection to import into: no managementClient.defaultManagementConnectionName is configured');
    const map = this.management.supportedConnectionsMap;
    if (map) {
      const entry = map[wanted];
      if (!entry) throw new IdentityError(400, 'unsupported_connection', `The connection ${wanted} is not one of managementClient.supportedConnectionsMap`);
      return { name: wanted, id: entry.connectionId };
    }
    const found = (await this.provider.listConnections()).find((c) => c.name === wanted);
    if (!found) throw new IdentityError(400, 'inexistent_connection', `The connection does not exist: ${wanted}`);
    return { name: found.name, id: found.id };
  }
}
