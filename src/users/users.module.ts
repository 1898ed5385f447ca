import { Module } from '@nestjs/common';
import { ConnectionPolicy } from './connection-policy';
import { ManagementEvents } from './events/management-events';
import { UserSearchRequestPipe } from './search/user-search-request';
import { sessionsOfDeletedUsersProvider } from './sessions/user-sessions-revoker';
import { UserManagement } from './user-management.service';
import { UsersController } from './users.controller';

/**
 * The user-management API for internal services (`/users`), within the connection policy of
 * `managementClient`. Exports the policy and the management events for the bulk import.
 */
@Module({
  controllers: [UsersController],
  providers: [ConnectionPolicy, ManagementEvents, UserManagement, UserSearchRequestPipe, sessionsOfDeletedUsersProvider],
  exports: [ConnectionPolicy, ManagementEvents],
})
export class UsersModule {}
