import { Injectable } from '@nestjs/common';
import { IdentityError } from '../../identity/identity.error';
import type { RequestContext } from '../../identity/identity.types';
import { LocalClients } from '../clients/local-clients';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { LocalUsers } from '../users/local-users';
import { LoginEvents } from './login-events';

export interface LogoutInput {
  clientId?: string;
  returnTo?: string;
  /** The user whose session ends, when the caller knows it. */
  userId?: string;
  context?: RequestContext;
}

/** Whether a URL is allowed by an entry of `allowedLogoutRedirectUrls`: the same URL, a URL under a prefix ending in `/`, or the same origin. */
export function isAllowedUrl(url: string, allowed: readonly string[]): boolean {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  return allowed.some((entry) => entry === url || (entry.endsWith('/') && url.startsWith(entry)) || entry === origin);
}

/**
 * `/v2/logout` of the local tenant: checks `returnTo` against the client type's
 * `allowedLogoutRedirectUrls` (as Auth0 checks its Allowed Logout URLs) and logs `slo`.
 */
@Injectable()
export class LocalLogout {
  constructor(
    private readonly clients: LocalClients,
    private readonly settings: LocalTenantSettings,
    private readonly users: LocalUsers,
    private readonly events: LoginEvents,
  ) {}

  /** Where to send the browser afterwards (`returnTo` when allowed), after logging `slo`. */
  async logout(input: LogoutInput): Promise<{ redirectTo?: string }> {
    const client = input.clientId !== undefined ? this.clients.find(input.clientId) : undefined;
    if (input.clientId !== undefined && client?.kind !== 'application') throw new IdentityError(400, 'invalid_request', `Unknown client: ${input.clientId}`);
    if (input.returnTo !== undefined) {
      const allowed = client?.kind === 'application' ? client.config.allowedLogoutRedirectUrls : [];
      if (!isAllowedUrl(input.returnTo, allowed)) {
        throw new IdentityError(400, 'invalid_request', `The "returnTo" URL ${input.returnTo} is not in the client's allowed logout URLs`);
      }
    }
    const user = input.userId ? await this.users.find(input.userId) : null;
    await this.events.emit(
      {
        client: { id: input.clientId ?? '', name: this.clients.nameOf(input.clientId) },
        user: user ?? undefined,
        connection: user ? this.settings.connectionById(user.connectionId) : undefined,
        context: input.context,
      },
      'slo',
      'User successfully logged out',
      { details: { return_to: input.returnTo ?? '', allowed_logout_url: client?.kind === 'application' ? client.config.allowedLogoutRedirectUrls : [] } },
    );
    return input.returnTo !== undefined ? { redirectTo: input.returnTo } : {};
  }
}
