import { Injectable } from '@nestjs/common';
import type { LocalUser } from '../../generated/prisma/client';
import type { IdentityError } from '../../identity/identity.error';
import type { CreateUserInput, RequestContext, UpdateUserInput } from '../../identity/identity.types';
import { LocalEventInput, LocalTenantEvents } from '../events/local-tenant-events';
import type { LocalConnection } from '../settings/local-tenant-settings';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { loginNameOf, LOCAL_USER_ID_PREFIX } from './user-mapper';

type Row = Pick<LocalUser, 'id' | 'connectionId' | 'connection' | 'email' | 'username'>;

/** A request body as a log event may show it: the password masked as Auth0 masks it. */
function loggedBody(body: object): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...body };
  if ('password' in copy && copy.password !== undefined) copy.password = '*****';
  return copy;
}

/** The Auth0 log events of user management: `ss`/`fs`, `sapi`, `scp`, `sdu`. */
@Injectable()
export class LocalUserEvents {
  constructor(
    private readonly events: LocalTenantEvents,
    private readonly settings: LocalTenantSettings,
  ) {}

  private about(row: Row): Pick<LocalEventInput, 'connection' | 'user'> {
    return { connection: { id: row.connectionId, name: row.connection }, user: { id: `${LOCAL_USER_ID_PREFIX}${row.id}`, name: loginNameOf(row) } };
  }

  private api(description: string, method: string, path: string, status: number, body: object, response: object, context?: RequestContext): LocalEventInput {
    return {
      type: 'sapi',
      description,
      context,
      details: { request: { method, path, body: loggedBody(body) }, response: { statusCode: status, body: response } },
    };
  }

  created(row: Row, input: CreateUserInput, context?: RequestContext): Promise<void> {
    const userId = `${LOCAL_USER_ID_PREFIX}${row.id}`;
    return this.events.emit(
      { ...this.about(row), type: 'ss', description: '', context, details: { body: { ...loggedBody(input), tenant: this.settings.tenantName } } },
      this.api('Create a User', 'post', '/api/v2/users', 201, input, { user_id: userId, email: row.email ?? undefined }, context),
    );
  }

  createFailed(input: CreateUserInput, connection: LocalConnection | undefined, error: IdentityError, context?: RequestContext): Promise<void> {
    return this.events.emit({
      type: 'fs',
      description: error.message,
      connection: connection ? { id: connection.id, name: connection.name } : undefined,
      user: { name: input.email ?? input.username ?? '' },
      context,
      details: { error: { message: error.message, code: error.code } },
    });
  }

  updated(row: Row, input: UpdateUserInput, context?: RequestContext): Promise<void> {
    const userId = `${LOCAL_USER_ID_PREFIX}${row.id}`;
    const path = `/api/v2/users/${encodeURIComponent(userId)}`;
    const events: LocalEventInput[] = [this.api('Update a User', 'patch', path, 200, input, { user_id: userId }, context)];
    if (input.password !== undefined) {
      events.unshift({ ...this.about(row), type: 'scp', description: 'Changed password', context, details: { body: { connection: row.connection, email: row.email ?? undefined, password: '*****' } } });
    }
    return this.events.emit(...events);
  }

  deleted(row: Row, context?: RequestContext): Promise<void> {
    const userId = `${LOCAL_USER_ID_PREFIX}${row.id}`;
    return this.events.emit(
      { ...this.about(row), type: 'sdu', description: 'User successfully deleted', context, details: { body: { connection: row.connection, tenant: this.settings.tenantName } } },
      this.api('Delete a User', 'delete', `/api/v2/users/${encodeURIComponent(userId)}`, 204, {}, {}, context),
    );
  }

  unblocked(row: Row, context?: RequestContext): Promise<void> {
    const userId = `${LOCAL_USER_ID_PREFIX}${row.id}`;
    return this.events.emit(this.api('Unblock a User', 'delete', `/api/v2/user-blocks/${encodeURIComponent(userId)}`, 204, {}, {}, context));
  }
}
