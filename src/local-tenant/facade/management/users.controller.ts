import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../../common/admin-auth/auth.decorators';
import { IdentityError } from '../../../identity/identity.error';
import type { IdentityUser, UserPage } from '../../../identity/identity.types';
import { LocalIdentityProvider } from '../../local-identity-provider';
import { selectFields } from '../../users/user-mapper';
import { FacadeBody, queryOf, readFacadeBody } from '../facade-body';
import { facadeContext } from '../facade-context';
import { ManagementApiErrorFilter } from './management-api-error.filter';
import { createUserBody, fieldSelection, listUsersQuery, updateUserBody } from './management-requests';
import { ManagementScope, ManagementTokenGuard } from './management-token.guard';


/** Users of the local tenant through Auth0's Management API (`/api/v2/users`, `/users-by-email`, `/user-blocks`). */
@ApiExcludeController()
@Public()
@UseGuards(ManagementTokenGuard)
@UseFilters(ManagementApiErrorFilter)
@Controller('api/v2')
export class FacadeUsersController {
  constructor(private readonly tenant: LocalIdentityProvider) {}

  /** Auth0 v3 search; with `include_totals=true` the paging envelope `{start, limit, length, total, users}`. */
  @Get('users')
  @ManagementScope('read:users')
  async list(@Req() request: FastifyRequest): Promise<UserPage | IdentityUser[]> {
    const { input, includeTotals } = listUsersQuery(queryOf(request));
    const page = await this.tenant.listUsers(input);
    return includeTotals ? page : page.users;
  }

  @Post('users')
  @FacadeBody()
  @HttpCode(201)
  @ManagementScope('create:users')
  async create(@Req() request: FastifyRequest): Promise<IdentityUser> {
    const { fields } = await readFacadeBody(request, 'invalid_body');
    return this.tenant.createUser(createUserBody(fields), facadeContext(request));
  }

  @Get('users/:id')
  @ManagementScope('read:users')
  async get(@Param('id') id: string, @Req() request: FastifyRequest): Promise<IdentityUser> {
    const { fields, includeFields } = fieldSelection(queryOf(request));
    return selectFields(await this.tenant.getUser(id), fields, includeFields);
  }

  @Patch('users/:id')
  @FacadeBody()
  @ManagementScope('update:users')
  async update(@Param('id') id: string, @Req() request: FastifyRequest): Promise<IdentityUser> {
    const { fields } = await readFacadeBody(request, 'invalid_body');
    return this.tenant.updateUser(id, updateUserBody(fields), facadeContext(request));
  }

  @Delete('users/:id')
  @HttpCode(204)
  @ManagementScope('delete:users')
  async delete(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.tenant.deleteUser(id, facadeContext(request));
  }

  @Get('users-by-email')
  @ManagementScope('read:users')
  async byEmail(@Req() request: FastifyRequest): Promise<IdentityUser[]> {
    const query = queryOf(request);
    const email = query.email;
    if (typeof email !== 'string' || email === '') throw new IdentityError(400, 'invalid_query_string', "Query validation error: 'Missing required property: email'.");
    const { fields, includeFields } = fieldSelection(query);
    return (await this.tenant.getUsersByEmail(email)).map((user) => selectFields(user, fields, includeFields));
  }

  /** Lifts the user's brute-force blocks. */
  @Delete('user-blocks/:id')
  @HttpCode(204)
  @ManagementScope('update:users')
  async unblock(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.tenant.unblockUser(id, facadeContext(request));
  }
}
