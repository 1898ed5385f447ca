import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EncryptionService } from '../common/crypto/encryption.service';
import { ApiError } from '../common/errors/api-error';
import type { AppConfig } from '../config/config.loader';
import { APP_CONFIG } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import { ImportFileChunk, OversizedImportUserError, splitImportChunks } from '../identity/import-file';
import { ConnectionPolicy } from '../users/connection-policy';
import { ManagementEvents } from '../users/events/management-events';
import type { ManagementCaller } from '../users/user-management.service';
import { ImportDispatcher } from './dispatch/import-dispatcher';
import { chunkFileContext } from './chunk-file';
import type { ImportInput } from './import-request.reader';
import { checkImportUsers, ImportViolation } from './import-users-check';
import { ImportJobRow, UserImportJobs } from './user-import-jobs';

function invalidUsers(violations: ImportViolation[]): ApiError {
  const users = new Set(violations.map((v) => v.index)).size;
  const first = violations.slice(0, 3).map((v) => `${v.path} ${v.code}`).join('; ');
  return ApiError.badRequest(
    'invalid_users',
    `${users} user${users === 1 ? '' : 's'} cannot be imported (${first}${violations.length > 3 ? '; …' : ''}); nothing was imported`,
    violations.map((v) => ({ path: v.path, message: `${v.code}: ${v.message}` })),
  );
}

/**
 * Starts a bulk import: checks every user before anything is sent (all violations reported at
 * once), splits the input into provider-sized import files, and stores the job and its chunks in
 * one transaction — encrypted, since they may hold password hashes — for the dispatcher to feed
 * to the provider.
 */
@Injectable()
export class CreateUserImport {
  constructor(
    private readonly prisma: PrismaService,
    private readonly policy: ConnectionPolicy,
    private readonly encryption: EncryptionService,
    private readonly dispatcher: ImportDispatcher,
    private readonly jobs: UserImportJobs,
    private readonly events: ManagementEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ users, options }: ImportInput, caller: ManagementCaller): Promise<ImportJobRow> {
    const connection = this.policy.connectionFor(options.connection);
    const connectionId = await this.policy.connectionId(connection);
    const violations = checkImportUsers(users);
    if (violations.length) throw invalidUsers(violations);
    let chunks: ImportFileChunk[];
    try {
      chunks = splitImportChunks(users, this.config.service.userImport.maxChunkBytes);
    } catch (error) {
      if (!(error instanceof OversizedImportUserError)) throw error;
      throw ApiError.badRequest('user_too_large', `${error.message}; nothing was imported`, [{ path: `users[${error.index}]`, message: error.message }]);
    }

    const id = randomUUID();
    await this.prisma.$transaction(
      async (tx) => {
        await tx.userImportJob.create({
          data: {
            id,
            connection,
            connectionId,
            upsert: options.upsert ?? false,
            externalId: options.external_id,
            sendCompletionEmail: options.send_completion_email ?? true,
            status: 'pending',
            total: users.length,
            createdBy: caller.actor.kind === 'admin_api_key' ? caller.actor.admin.name : 'cli',
          },
        });
        await tx.userImportChunk.createMany({
          data: chunks.map((chunk, index) => ({
            jobId: id,
            index,
            connectionId,
            firstUser: chunk.firstUser,
            users: chunk.users,
            bytes: chunk.file.length,
            file: this.encryption.encrypt(chunk.file, chunkFileContext(id, index)),
            status: 'queued',
          })),
        });
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    this.dispatcher.wake();
    await this.events.record({
      description: 'Create an import users job',
      method: 'post',
      path: caller.path,
      statusCode: 202,
      actor: caller.actor,
      context: caller.context,
      body: { connection, upsert: options.upsert ?? false, external_id: options.external_id, send_completion_email: options.send_completion_email ?? true, users: users.length },
      response: { id, chunks: chunks.length },
    });
    return this.jobs.get(id);
  }
}
