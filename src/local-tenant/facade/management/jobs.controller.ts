import { Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../../common/admin-auth/auth.decorators';
import { IdentityError } from '../../../identity/identity.error';
import type { ImportJob, ImportJobError } from '../../../identity/identity.types';
import { LocalIdentityProvider } from '../../local-identity-provider';
import { FacadeBody, readFacadeBody } from '../facade-body';
import { ManagementApiErrorFilter } from './management-api-error.filter';
import { booleanParameter } from './management-requests';
import { ManagementScope, ManagementTokenGuard } from './management-token.guard';

const missing = (name: string) => new IdentityError(400, 'invalid_body', `Payload validation error: 'Missing required property: ${name}'.`);

/** Bulk user imports of the local tenant through Auth0's Management API (`/api/v2/jobs`). */
@ApiExcludeController()
@Public()
@UseGuards(ManagementTokenGuard)
@UseFilters(ManagementApiErrorFilter)
@Controller('api/v2/jobs')
export class FacadeJobsController {
  constructor(private readonly tenant: LocalIdentityProvider) {}

  /** Multipart: `users` (the file), `connection_id`, `upsert`, `external_id`, `send_completion_email` ("true"/"false"). */
  @Post('users-imports')
  @FacadeBody()
  @HttpCode(202)
  @ManagementScope('create:users_imports')
  async createImport(@Req() request: FastifyRequest): Promise<ImportJob> {
    const { fields, files } = await readFacadeBody(request, 'invalid_body');
    const users = files.get('users') ?? (typeof fields.users === 'string' ? Buffer.from(fields.users) : undefined);
    if (!users) throw missing('users');
    const connectionId = fields.connection_id;
    if (typeof connectionId !== 'string' || connectionId === '') throw missing('connection_id');
    const externalId = fields.external_id;
    return this.tenant.createImportJob({
      connectionId,
      users,
      upsert: booleanParameter(fields, 'upsert', false, 'body'),
      sendCompletionEmail: booleanParameter(fields, 'send_completion_email', true, 'body'),
      ...(typeof externalId === 'string' && externalId !== '' ? { externalId } : {}),
    });
  }

  @Get(':id')
  @ManagementScope('read:users_imports')
  getJob(@Param('id') id: string): Promise<ImportJob> {
    return this.tenant.getImportJob(id);
  }

  /** The job's per-user errors, or 204 when there are none. */
  @Get(':id/errors')
  @ManagementScope('read:users_imports')
  async errors(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ImportJobError[] | undefined> {
    const errors = await this.tenant.getImportJobErrors(id);
    if (errors.length === 0) {
      reply.status(204);
      return undefined;
    }
    return errors;
  }
}
