import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';
import { IDENTITY_PROVIDER } from '../identity/identity-provider.port';
import type { IdentityProvider } from '../identity/identity-provider.port';
import type { IdentityUser, RequestContext } from '../identity/identity.types';
import { ConnectionPolicy } from './connection-policy';
import { DEFAULT_PAGE_SIZE } from './dto/list-users-query.dto';
import type { CreateUserDto, UpdateUserDto } from './dto/user-body.dto';
import { ManagementActor, ManagementEvents } from './events/management-events';
import { buildUserSearchQuery, UserSearchInputError } from './search/user-search-query';
import type { UserSearchRequest } from './search/user-search-request';
import { SESSIONS_OF_DELETED_USERS, UserSessionsRevoker } from './sessions/user-sessions-revoker';

/** Who calls, from where, on which gateway path: for the provider's log events and ours. */
export interface ManagementCaller {
  actor: ManagementActor;
  context: RequestContext;
  path: string;
}

export interface UserListPage {
  users: IdentityUser[];
  page: number;
  perPage: number;
  /** Matches, as the provider counts them (Auth0 counts up to 1000). */
  total: number;
}

function searchInputError(error: UserSearchInputError): ApiError {
  const code = error.path === 'q' ? 'invalid_query' : 'validation_failed';
  return ApiError.badRequest(code, `${code === 'invalid_query' ? 'Invalid query' : 'Request validation failed'}: ${error.path} ${error.message}`, [
    { path: error.path, message: error.message },
  ]);
}

/**
 * The user-management API over the identity port, within the connection policy: users outside
 * the supported connections are never shown, changed or deleted (they are 404s), and every change
 * is recorded as a `sapi` event.
 */
@Injectable()
export class UserManagement {
  private readonly logger = new Logger(UserManagement.name);

  constructor(
    @Inject(IDENTITY_PROVIDER) private readonly provider: IdentityProvider,
    private readonly policy: ConnectionPolicy,
    private readonly events: ManagementEvents,
    @Inject(SESSIONS_OF_DELETED_USERS) private readonly sessions: UserSessionsRevoker,
  ) {}

  async list({ query, appMetadata }: UserSearchRequest): Promise<UserListPage> {
    const page = query._sk ?? 0;
    const perPage = query._l ?? DEFAULT_PAGE_SIZE;
    const connections = query.connection ?? [...this.policy.supported];
    query.connection?.forEach((c, i) => this.policy.assertSupported(c, `connection[${i}]`));
    if (connections.length === 0) return { users: [], page, perPage, total: 0 };
    let q: string;
    try {
      q = buildUserSearchQuery({ connections, email: query.email, nickname: query.nickname, username: query.username, appMetadata, q: query.q });
    } catch (error) {
      throw error instanceof UserSearchInputError ? searchInputError(error) : error;
    }
    const result = await this.provider.listUsers({ q, page, perPage });
    // The query already restricts the connections; a user outside them would be a provider fault.
    const users = result.users.filter((user) => {
      if (this.policy.allows(user)) return true;
      this.logger.error({ userId: user.user_id }, 'the provider returned a user outside the queried connections; left out');
      return false;
    });
    return { users, page, perPage, total: result.total };
  }

  /** The user, if the policy lets the API see it; else 404 as for an unknown user. */
  async get(userId: string): Promise<IdentityUser> {
    return this.policy.visible(await this.provider.getUser(userId));
  }

  async create(body: CreateUserDto, caller: ManagementCaller): Promise<IdentityUser> {
    const connection = this.policy.connectionFor(body.connection);
    const user = await this.provider.createUser({ ...body, connection }, caller.context);
    await this.record(caller, 'Create a User', 'post', 201, user, { ...body, connection }, { user_id: user.user_id });
    return user;
  }

  async update(userId: string, body: UpdateUserDto, caller: ManagementCaller): Promise<IdentityUser> {
    if (Object.values(body).every((value) => value === undefined)) {
      throw ApiError.badRequest('validation_failed', 'Request validation failed: the body must set at least one attribute', [{ path: '', message: 'no attribute to change' }]);
    }
    await this.get(userId);
    if (body.connection !== undefined) this.policy.assertSupported(body.connection, 'connection');
    const user = await this.provider.updateUser(userId, body, caller.context);
    await this.record(caller, 'Update a User', 'patch', 200, user, { ...body }, { user_id: user.user_id });
    return user;
  }

  /**
   * Deletes the user and ends their gateway sessions: before the deletion (a failure then leaves
   * the user in place, to be retried) and after it (for a session opened in between).
   */
  async delete(userId: string, caller: ManagementCaller): Promise<void> {
    const user = await this.get(userId);
    await this.sessions.revokeUserSessions(user.user_id, caller);
    await this.provider.deleteUser(user.user_id, caller.context);
    const revoked = await this.sessions.revokeUserSessions(user.user_id, caller).catch((error: unknown) => {
      this.logger.error({ err: error, userId: user.user_id }, 'sessions opened while the user was being deleted could not be revoked');
      return 0;
    });
    if (revoked > 0) this.logger.warn({ userId: user.user_id, revoked }, 'revoked sessions opened while the user was being deleted');
    await this.record(caller, 'Delete a User', 'delete', 204, user);
  }

  private record(caller: ManagementCaller, description: string, method: 'post' | 'patch' | 'delete', statusCode: number, user: IdentityUser, body?: object, response?: Record<string, unknown>) {
    return this.events.record({
      description,
      method,
      path: caller.path,
      statusCode,
      actor: caller.actor,
      context: caller.context,
      target: { userId: user.user_id, userName: user.email ?? user.username, connection: user.identities[0]?.connection },
      body: body as Record<string, unknown> | undefined,
      response,
    });
  }
}
