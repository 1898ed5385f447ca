import { Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import type { ClientConfig } from '../../config/schema/clients.schema';
import { IdentityError } from '../../identity/identity.error';
import { LocalTenantSettings } from '../settings/local-tenant-settings';

/** An application (a client type of the `clients` map) that users log in to. */
export interface ApplicationClient {
  kind: 'application';
  clientId: string;
  /** The client type name, reported as `client_name` in log events. */
  name: string;
  secret?: string;
  config: ClientConfig;
}

/** A machine-to-machine client (`localTenant.m2mClients`) of the Management API. */
export interface MachineClient {
  kind: 'machine';
  clientId: string;
  name: string;
  secret: string;
  scopes: string[];
}

export type LocalClient = ApplicationClient | MachineClient;

/** Compares two secrets in constant time, whatever their lengths. */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The local tenant's clients, all from configuration. */
@Injectable()
export class LocalClients {
  private readonly byId = new Map<string, LocalClient>();

  constructor(@Inject(APP_CONFIG) config: AppConfig, settings: LocalTenantSettings) {
    for (const [type, client] of Object.entries(config.service.clients)) {
      const clientId = client.clientId ?? type;
      this.byId.set(clientId, { kind: 'application', clientId, name: type, secret: client.clientSecret, config: client });
    }
    for (const m2m of settings.tenant.m2mClients) {
      this.byId.set(m2m.clientId, { kind: 'machine', clientId: m2m.clientId, name: m2m.name ?? m2m.clientId, secret: m2m.clientSecret, scopes: m2m.scopes });
    }
  }

  find(clientId: string): LocalClient | undefined {
    return this.byId.get(clientId);
  }

  /** The client's name for log events, or '' for an unknown client id. */
  nameOf(clientId: string | undefined): string {
    return (clientId && this.byId.get(clientId)?.name) || '';
  }

  /**
   * The application a user logs in to. A client with a secret must present it unless the grant
   * proves itself otherwise (`secretOptional`, e.g. a PKCE code exchange); a wrong secret always fails.
   * Unknown client and wrong secret answer alike: 401 `access_denied` "Unauthorized".
   */
  authenticateApplication(clientId: string, secret: string | undefined, options: { secretOptional?: boolean } = {}): ApplicationClient {
    const client = this.byId.get(clientId);
    // Compared even for unknown clients, so that the answer takes the same time.
    const matches = secretsEqual(secret ?? '', client?.secret ?? '');
    if (!client) throw unauthorized();
    if (client.kind !== 'application') {
      throw new IdentityError(403, 'unauthorized_client', 'Grant type not allowed for this client: it is a machine-to-machine client.');
    }
    if (client.secret !== undefined) {
      if (secret === undefined ? !options.secretOptional : !matches) throw unauthorized();
    }
    return client;
  }

  /** A machine-to-machine client whose secret matches, else 401 `access_denied` "Unauthorized". */
  authenticateMachine(clientId: string, secret: string): MachineClient {
    const client = this.byId.get(clientId);
    const matches = secretsEqual(secret, client?.secret ?? '');
    if (!client || (client.kind === 'machine' && !matches)) throw unauthorized();
    if (client.kind !== 'machine') {
      if (client.secret !== undefined && !secretsEqual(secret, client.secret)) throw unauthorized();
      throw new IdentityError(403, 'unauthorized_client', "Grant type 'client_credentials' not allowed for the client.");
    }
    return client;
  }
}

function unauthorized(): IdentityError {
  return new IdentityError(401, 'access_denied', 'Unauthorized');
}
