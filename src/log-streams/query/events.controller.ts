import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireScopes } from '../../common/admin-auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { LiveTail } from '../live/live-tail';
import { ReplicaEvents } from '../live/replica-events';
import { EventStreamQueryDto, EventStatsQueryDto, ListEventsQueryDto, SecurityQueryDto } from './dto/event-query.dto';
import { EventDto, EventPageDto } from './dto/event.dto';
import { EventStatsDto, SecurityReportDto } from './dto/stats.dto';
import { EventQueries, toEventFilter } from './event-queries';
import { EventStats } from './event-stats';

@ApiTags('events')
@Controller('events')
@RequireScopes('events:read')
@ApiBadRequestResponse({ description: 'Invalid query parameters', type: ErrorResponseDto })
export class EventsController {
  constructor(
    private readonly queries: EventQueries,
    private readonly statistics: EventStats,
    private readonly liveTail: LiveTail,
    private readonly replicas: ReplicaEvents,
  ) {}

  /** Stored events matching the filters, newest first; follow `nextCursor` for older ones. */
  @Get()
  async list(@Query() query: ListEventsQueryDto): Promise<EventPageDto> {
    return this.queries.list(toEventFilter(query), { cursor: query.cursor, limit: query.limit });
  }

  /** Counts per hour or day, or the top N types, categories, IPs, users, clients or countries, over a window (default the last 7 days). */
  @Get('stats')
  async stats(@Query() query: EventStatsQueryDto): Promise<EventStatsDto> {
    return this.statistics.stats(query.groupBy, toEventFilter(query), query.limit);
  }

  /** Failed logins per IP and per user, brute-force IPs, signups per day and credential signals over a window (default the last 24 hours). */
  @Get('security')
  async security(@Query() query: SecurityQueryDto): Promise<SecurityReportDto> {
    return this.statistics.security(toEventFilter(query), query.bruteForceThreshold, query.limit);
  }

  /**
   * Live tail (Server-Sent Events): every event stored from now on that passes the filters, as
   * `event: log` with the event as JSON in `data` and its log id as `id`, on this replica or any other.
   */
  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream; comment lines are sent as heartbeats', schema: { type: 'string' } })
  @ApiServiceUnavailableResponse({ description: 'The database is unavailable', type: ErrorResponseDto })
  async stream(@Query() query: EventStreamQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const filter = toEventFilter(query);
    await this.replicas.listen();
    this.liveTail.open(filter, request, reply);
  }

  /** One stored event by its log id. */
  @Get(':logId')
  @ApiNotFoundResponse({ description: 'No stored event has this log id (`event_not_found`)', type: ErrorResponseDto })
  async get(@Param('logId') logId: string): Promise<EventDto> {
    return this.queries.get(logId);
  }
}
