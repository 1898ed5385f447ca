import { Injectable, Logger } from '@nestjs/common';
import type { ManagementCaller } from '../user-management.service';

/**
 * Ends every gateway session of a user. `DELETE /users/{id}` calls it so that a deleted user's
 * browser and app sessions stop working at once. The sessions module provides the implementation
 * (`{ provide: UserSessionsRevoker, useExisting: … }` in a global module); without one, nothing is
 * revoked and a warning says so.
 */
export abstract class UserSessionsRevoker {
  /**
   * Revokes the user's sessions across all client types; resolves with how many there were.
   * `caller` is who deletes the user (admin key, address, gateway path), for the revocation's records.
   */
  abstract revokeUserSessions(userId: string, caller: ManagementCaller): Promise<number>;
}

/** Used while no sessions module provides a UserSessionsRevoker: there are no gateway sessions to end. */
@Injectable()
export class NoUserSessions extends UserSessionsRevoker {
  private readonly logger = new Logger('UserSessions');

  async revokeUserSessions(userId: string, _caller: ManagementCaller): Promise<number> {
    this.logger.warn({ userId }, 'no session store is configured: no gateway session revoked for the deleted user');
    return 0;
  }
}

/**
 * What the users module revokes sessions with: the UserSessionsRevoker a global module provides,
 * else NoUserSessions.
 */
export const SESSIONS_OF_DELETED_USERS = Symbol('SESSIONS_OF_DELETED_USERS');

export const sessionsOfDeletedUsersProvider = {
  provide: SESSIONS_OF_DELETED_USERS,
  useFactory: (revoker?: UserSessionsRevoker) => revoker ?? new NoUserSessions(),
  inject: [{ token: UserSessionsRevoker, optional: true }],
};
