import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScopes } from '../common/admin-auth/auth.decorators';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { CreateUserDto, UpdateUserDto } from './dto/user-body.dto';
import { toUserDto, UserDto } from './dto/user.dto';
import { UserIdPipe } from './user-id.pipe';
import { Caller } from './management-caller.decorator';
import { pageLinks } from './search/page-links';
import { UserSearchQuery, UserSearchRequestPipe } from './search/user-search-request';
import type { UserSearchRequest } from './search/user-search-request';
import { UserManagement } from './user-management.service';
import type { ManagementCaller } from './user-management.service';

const NOT_FOUND = { description: 'No such user in the supported connections', type: ErrorResponseDto };
const BAD_ID = { description: 'Not a user id', type: ErrorResponseDto };

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UserManagement) {}

  /**
   * Searches the users of the supported connections. The filters are compiled into one Auth0 v3
   * (Lucene) query with every value escaped; `app_metadata.<path>=value` filters (repeatable: a
   * path's values are alternatives, paths are all required) and a raw `q` are ANDed with the rest.
   * `x-total-count` has the number of matches, `Link` the next and previous pages.
   */
  @Get()
  @RequireScopes('users:read')
  @ApiQuery({ type: ListUsersQueryDto })
  @ApiOkResponse({ type: [UserDto], headers: { 'x-total-count': { description: 'Matches (Auth0 counts up to 1000)', schema: { type: 'integer' } }, link: { description: 'RFC 8288 next / prev pages', schema: { type: 'string' } } } })
  @ApiBadRequestResponse({ description: 'Invalid filter, paging or query (also when the provider refuses the query)', type: ErrorResponseDto })
  async list(@UserSearchQuery(UserSearchRequestPipe) search: UserSearchRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserDto[]> {
    const page = await this.users.list(search);
    reply.header('x-total-count', String(page.total));
    const link = pageLinks({ url: reply.request.url, page: page.page, perPage: page.perPage, total: page.total });
    if (link) reply.header('link', link);
    return page.users.map(toUserDto);
  }

  /** One user of a supported connection. */
  @Get(':id')
  @RequireScopes('users:read')
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse(BAD_ID)
  async get(@Param('id', UserIdPipe) id: string): Promise<UserDto> {
    return toUserDto(await this.users.get(id));
  }

  /** Creates a user (Auth0's body); without `connection`, in the default management connection. */
  @Post()
  @RequireScopes('users:write')
  @ApiCreatedResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'Invalid body, unsupported connection, no default connection, weak password', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The user already exists', type: ErrorResponseDto })
  async create(@Body() body: CreateUserDto, @Caller() caller: ManagementCaller): Promise<UserDto> {
    return toUserDto(await this.users.create(body, caller));
  }

  /** Changes a user (Auth0's body); metadata merges at the first level, `null` removes a key. */
  @Patch(':id')
  @RequireScopes('users:write')
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The new username or email is taken', type: ErrorResponseDto })
  async update(@Param('id', UserIdPipe) id: string, @Body() body: UpdateUserDto, @Caller() caller: ManagementCaller): Promise<UserDto> {
    return toUserDto(await this.users.update(id, body, caller));
  }

  /** Deletes a user and revokes their gateway sessions. */
  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('users:write')
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse(BAD_ID)
  async remove(@Param('id', UserIdPipe) id: string, @Caller() caller: ManagementCaller): Promise<void> {
    await this.users.delete(id, caller);
  }
}
