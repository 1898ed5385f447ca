import { Controller, Get, Req, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../common/admin-auth/auth.decorators';
import type { ConnectionInfo } from '../../../identity/identity.types';
import { LocalIdentityProvider } from '../../local-identity-provider';
import { queryOf } from '../facade-body';
import { ManagementApiErrorFilter } from './management-api-error.filter';
import { ManagementScope, ManagementTokenGuard } from './management-token.guard';

/**
 * The tenant's database connections (`GET /api/v2/connections`): a plain array, or with `take` /
 * `from` (checkpoint paging) `{connections}` without a `next`, as every connection fits one page.
 */
@ApiExcludeController()
@Public()
@UseGuards(ManagementTokenGuard)
@UseFilters(ManagementApiErrorFilter)
@Controller('api/v2/connections')
export class FacadeConnectionsController {
  constructor(private readonly tenant: LocalIdentityProvider) {}

  @Get()
  @ManagementScope('read:connections')
  async list(@Req() request: FastifyRequest): Promise<ConnectionInfo[] | { connections: ConnectionInfo[] }> {
    const query = queryOf(request);
    const strategies = ([] as unknown[]).concat(query.strategy ?? []).map(String);
    const name = typeof query.name === 'string' ? query.name : undefined;
    const connections = (await this.tenant.listConnections()).filter((c) => (strategies.length === 0 || strategies.includes(c.strategy)) && (name === undefined || c.name === name));
    return query.take !== undefined || query.from !== undefined ? { connections } : connections;
  }
}
