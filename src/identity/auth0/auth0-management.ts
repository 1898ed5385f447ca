import { Injectable } from '@nestjs/common';
import { ManagementClient } from 'auth0';
import type { ConnectionInfo, CreateImportJobInput, CreateUserInput, IdentityUser, ImportJob, ImportJobError, ListUsersInput, UpdateUserInput, UserPage } from '../identity.types';
import { importFileTooLarge, MAX_IMPORT_FILE_BYTES } from '../import-file';
import { Auth0Calls } from './auth0-calls';
import { toIdentityUser, toIdentityUsers, toImportJob, toImportJobErrors, toWholeIdentityUser } from './auth0-records';
import { UnusableUpstreamAnswer } from './upstream-fetch';
import { Auth0Settings } from './auth0-settings';

type CreateUserBody = Parameters<ManagementClient['users']['create']>[0];
type UpdateUserBody = Parameters<ManagementClient['users']['update']>[1];

/**
 * Auth0's Management API for the adapter, through one `ManagementClient` (auth0 7.x): it fetches
 * the client-credentials token once, caches it until shortly before it expires and shares one
 * request among concurrent callers. Its own retries are off: the transport retries (see Auth0Calls).
 */
@Injectable()
export class Auth0Management {
  private readonly client: ManagementClient;

  constructor(settings: Auth0Settings, private readonly calls: Auth0Calls) {
    const { clientId, clientSecret, audience } = settings.managementClient;
    this.client = new ManagementClient({
      domain: settings.domain,
      clientId,
      clientSecret,
      audience,
      fetch: calls.fetch,
      maxRetries: 0,
      // The SDK's deadline spans one request of the SDK, which the transport may repeat: it must
      // outlast every attempt and wait, so that only the transport's deadlines apply.
      timeoutInSeconds: Math.ceil(((settings.policy.maxRetries + 1) * settings.policy.timeoutMs + settings.policy.retryBudgetMs) / 1000) + 1,
    });
  }

  getUser(userId: string): Promise<IdentityUser> {
    return this.calls.management(async () => toWholeIdentityUser(await this.client.users.get(userId)));
  }

  /** Auth0 v3 search; totals are always asked for, so the answer is Auth0's paging envelope. */
  listUsers(input: ListUsersInput): Promise<UserPage> {
    return this.calls.management(async () => {
      const page = await this.client.users.list({
        q: input.q,
        page: input.page,
        per_page: input.perPage,
        sort: input.sort,
        fields: input.fields?.join(','),
        include_fields: input.fields ? (input.includeFields ?? true) : undefined,
        include_totals: true,
        search_engine: 'v3',
      });
      const envelope = page.response as unknown as Partial<UserPage> | undefined;
      if (!Array.isArray(envelope?.users)) throw new UnusableUpstreamAnswer('Auth0 answered a user search without its paging envelope');
      const users = envelope.users.map(toIdentityUser);
      return { start: Number(envelope.start ?? 0), limit: Number(envelope.limit ?? users.length), length: users.length, total: Number(envelope.total ?? users.length), users };
    });
  }

  getUsersByEmail(email: string): Promise<IdentityUser[]> {
    return this.calls.management(async () => toIdentityUsers(await this.client.users.listUsersByEmail({ email })));
  }

  createUser(input: CreateUserInput): Promise<IdentityUser> {
    return this.calls.management(async () => toWholeIdentityUser(await this.client.users.create(input as CreateUserBody)));
  }

  updateUser(userId: string, input: UpdateUserInput): Promise<IdentityUser> {
    return this.calls.management(async () => toWholeIdentityUser(await this.client.users.update(userId, input as UpdateUserBody)));
  }

  deleteUser(userId: string): Promise<void> {
    return this.calls.management(async () => {
      await this.client.users.delete(userId);
    });
  }

  /** Lifts brute-force blocks (`DELETE /api/v2/user-blocks/{id}`). */
  unblockUser(userId: string): Promise<void> {
    return this.calls.management(async () => {
      await this.client.userBlocks.delete(userId);
    });
  }

  listConnections(): Promise<ConnectionInfo[]> {
    return this.calls.management(async () => {
      const connections: ConnectionInfo[] = [];
      for await (const connection of await this.client.connections.list({ take: 100 })) {
        connections.push({ id: String(connection.id), name: String(connection.name), strategy: String(connection.strategy) });
      }
      return connections;
    });
  }

  /** One import file (≤ 500 KB: larger ones are refused here, as Auth0 would, without uploading them). */
  createImportJob(input: CreateImportJobInput): Promise<ImportJob> {
    if (input.users.length > MAX_IMPORT_FILE_BYTES) return Promise.reject(importFileTooLarge());
    return this.calls.management(async () => {
      const job = await this.client.jobs.usersImports.create({
        users: { data: input.users, filename: 'users.json', contentType: 'application/json' },
        connection_id: input.connectionId,
        upsert: input.upsert,
        external_id: input.externalId,
        send_completion_email: input.sendCompletionEmail,
      });
      return toImportJob(job);
    });
  }

  getImportJob(jobId: string): Promise<ImportJob> {
    return this.calls.management(async () => toImportJob(await this.client.jobs.get(jobId)));
  }

  getImportJobErrors(jobId: string): Promise<ImportJobError[]> {
    return this.calls.management(async () => toImportJobErrors(await this.client.jobs.errors.get(jobId)));
  }
}
