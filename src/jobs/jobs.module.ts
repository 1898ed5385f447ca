import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { CreateUserImport } from './create-user-import.usecase';
import { ChunkStore } from './dispatch/chunk-store';
import { FollowProviderJobs } from './dispatch/follow-provider-jobs';
import { ImportDispatcher } from './dispatch/import-dispatcher';
import { SubmitQueuedChunks } from './dispatch/submit-queued-chunks';
import { ImportRequestReader } from './import-request.reader';
import { UserImportController } from './user-import.controller';
import { UserImportJobs } from './user-import-jobs';

/**
 * Bulk user import (`/users/import`): inputs of any size checked up front, split into provider
 * import jobs and fed to the provider a few at a time per connection from a durable Postgres queue.
 * Exports CreateUserImport and UserImportJobs (the CLI's `users:import` uses them).
 */
@Module({
  imports: [UsersModule],
  controllers: [UserImportController],
  providers: [ImportRequestReader, CreateUserImport, UserImportJobs, ChunkStore, SubmitQueuedChunks, FollowProviderJobs, ImportDispatcher],
  exports: [CreateUserImport, UserImportJobs, ImportDispatcher],
})
export class JobsModule {}
