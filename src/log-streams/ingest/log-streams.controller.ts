import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/admin-auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IngestResultDto, LogStreamRecordDto } from './dto/ingest.dto';
import { IngestLogStreamBatch } from './ingest-log-stream-batch.usecase';
import { authenticatedStream, LOG_STREAM_BATCH_ROUTE } from './log-stream-request';

@ApiTags('log-streams')
@Controller('log-streams')
export class LogStreamsController {
  constructor(private readonly ingestBatch: IngestLogStreamBatch) {}

  /**
   * Receives a batch of an Auth0 log stream (Custom Webhook): JSON Lines, a JSON array or
   * `{"logs": [...]}` of `{log_id, data}` records, optionally gzip- or deflate-encoded. Answers once the
   * batch is committed. Redelivered log ids are counted as duplicates; invalid records are quarantined
   * and the rest accepted, so one bad record never makes Auth0 retry a batch forever.
   */
  @Post(':name')
  @Public()
  @HttpCode(200)
  @RouteConfig({ [LOG_STREAM_BATCH_ROUTE]: true })
  @ApiHeader({ name: 'authorization', required: true, description: "The stream's token, exactly as configured in Auth0 (e.g. `Bearer …`)" })
  @ApiBody({ type: [LogStreamRecordDto], description: 'Also accepted: JSON Lines (one record per line) and `{"logs": [records]}`, all as application/json' })
  @ApiBadRequestResponse({ description: 'The body is not JSON Lines, a JSON array or {"logs": [...]} (`invalid_json`, with line and column)', type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong stream token (`invalid_stream_token`)', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No stream of that name (`log_stream_not_found`)', type: ErrorResponseDto })
  @ApiPayloadTooLargeResponse({ description: "The decoded body exceeds the stream's limit", type: ErrorResponseDto })
  @ApiUnsupportedMediaTypeResponse({ description: 'Unsupported Content-Encoding', type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ description: 'The database is unavailable; Auth0 retries (`database_unavailable`)', type: ErrorResponseDto })
  async ingest(@Param('name') _name: string, @Req() request: FastifyRequest): Promise<IngestResultDto> {
    return this.ingestBatch.execute(authenticatedStream(request), request.body as Buffer);
  }
}
