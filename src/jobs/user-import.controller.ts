import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConsumes, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequireScopes } from '../common/admin-auth/auth.decorators';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { BodyLimit } from '../common/http/body-limit';
import { Caller } from '../users/management-caller.decorator';
import type { ManagementCaller } from '../users/user-management.service';
import { CreateUserImport } from './create-user-import.usecase';
import { ImportJobDto, ImportUserErrorDto } from './dto/import-job.dto';
import { ImportUsersDto } from './dto/import-users.dto';
import { toImportJobDto, toImportUserErrorDto } from './import-job.mapper';
import { ImportRequestReader, MAX_IMPORT_REQUEST_BYTES } from './import-request.reader';
import { UserImportJobs } from './user-import-jobs';

const NOT_FOUND = { description: 'No import job with this id', type: ErrorResponseDto };

@ApiTags('users import')
@Controller('users/import')
export class UserImportController {
  constructor(
    private readonly reader: ImportRequestReader,
    private readonly createImport: CreateUserImport,
    private readonly jobs: UserImportJobs,
  ) {}

  /**
   * Imports users in Auth0's import file format, any number of them (up to a 50 MiB body). Every
   * user is checked first; an input with any invalid user is refused whole, with every violation
   * listed. The users are then split into provider import jobs of at most 500 KB, run at most two
   * at a time per connection; the answer is the job to follow at `/users/import/status/{jobId}`.
   */
  @Post()
  @HttpCode(202)
  @RequireScopes('jobs:write')
  @BodyLimit(MAX_IMPORT_REQUEST_BYTES)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiExtraModels(ImportUsersDto)
  @ApiOperation({
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(ImportUsersDto) } },
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['users'],
            properties: {
              users: { type: 'string', format: 'binary', description: 'A JSON array of users (Auth0 import file format)' },
              connection: { type: 'string' },
              upsert: { type: 'string', enum: ['true', 'false'] },
              external_id: { type: 'string' },
              send_completion_email: { type: 'string', enum: ['true', 'false'] },
            },
          },
        },
      },
    },
  })
  @ApiAcceptedResponse({ type: ImportJobDto })
  @ApiBadRequestResponse({ description: 'Invalid users (every violation in `details`), options, `connection_id`, unsupported or no default connection', type: ErrorResponseDto })
  @ApiPayloadTooLargeResponse({ description: 'The body or users file is larger than 50 MiB', type: ErrorResponseDto })
  async create(@Req() request: FastifyRequest, @Caller() caller: ManagementCaller): Promise<ImportJobDto> {
    return toImportJobDto(await this.createImport.execute(await this.reader.read(request), caller));
  }

  /** The import's status, its counts so far, and each of its provider jobs. */
  @Get('status/:jobId')
  @RequireScopes('jobs:read')
  @ApiOkResponse({ type: ImportJobDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async status(@Param('jobId') jobId: string): Promise<ImportJobDto> {
    return toImportJobDto(await this.jobs.get(jobId));
  }

  /** The users the provider did not import, with their errors and their positions in the input (an empty list when there are none). */
  @Get('status/:jobId/errors')
  @RequireScopes('jobs:read')
  @ApiOkResponse({ type: [ImportUserErrorDto] })
  @ApiNotFoundResponse(NOT_FOUND)
  async errors(@Param('jobId') jobId: string): Promise<ImportUserErrorDto[]> {
    return (await this.jobs.errors(jobId)).map(toImportUserErrorDto);
  }
}
