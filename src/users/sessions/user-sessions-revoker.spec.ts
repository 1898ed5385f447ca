import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NoUserSessions, SESSIONS_OF_DELETED_USERS, sessionsOfDeletedUsersProvider, UserSessionsRevoker } from './user-sessions-revoker';

class StoreSessions extends UserSessionsRevoker {
  async revokeUserSessions(): Promise<number> {
    return 3;
  }
}

@Global()
@Module({ providers: [{ provide: UserSessionsRevoker, useClass: StoreSessions }], exports: [UserSessionsRevoker] })
class SessionsModule {}

@Module({ providers: [sessionsOfDeletedUsersProvider], exports: [SESSIONS_OF_DELETED_USERS] })
class UsersLikeModule {}

describe('the sessions revoked when a user is deleted', () => {
  it('are those of the UserSessionsRevoker a global module provides', async () => {
    const ref = await Test.createTestingModule({ imports: [SessionsModule, UsersLikeModule] }).compile();
    expect(ref.get(SESSIONS_OF_DELETED_USERS)).toBeInstanceOf(StoreSessions);
  });

  it('are none, with a warning, when no module provides one', async () => {
    const ref = await Test.createTestingModule({ imports: [UsersLikeModule] }).compile();
    const revoker = ref.get<UserSessionsRevoker>(SESSIONS_OF_DELETED_USERS);
    expect(revoker).toBeInstanceOf(NoUserSessions);
    await expect(revoker.revokeUserSessions('auth0|1', { actor: { kind: 'cli' }, context: {}, path: '/users/auth0%7C1' })).resolves.toBe(0);
  });
});
