import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';
import { PrismaService } from '../../database/prisma.service';
import type { EventFilterQueryDto, EventStreamQueryDto } from './dto/event-query.dto';
import { EventDto, EventPageDto, toEventDto } from './dto/event.dto';
import { decodeCursor, encodeCursor } from './event-cursor';
import { EventFilter, filterWhere } from './event-filter';

const DEFAULT_PAGE = 50;

/** The filter of a query string; `from`/`to` parsed, and a window that ends before it starts rejected. */
export function toEventFilter(query: EventStreamQueryDto & Partial<Pick<EventFilterQueryDto, 'from' | 'to'>>): EventFilter {
  const filter: EventFilter = {
    types: query.type,
    category: query.category,
    userId: query.userId,
    userName: query.userName,
    ip: query.ip,
    clientId: query.clientId,
    connection: query.connection,
    stream: query.stream,
    q: query.q,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  };
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw ApiError.badRequest('invalid_time_window', '`from` must be before `to`.', [{ path: 'from', message: 'must be before to' }]);
  }
  return filter;
}

/** Reading stored events: newest first with keyset pagination, and by log id. */
@Injectable()
export class EventQueries {
  constructor(private readonly prisma: PrismaService) {}

  async list(filter: EventFilter, options: { cursor?: string; limit?: number } = {}): Promise<EventPageDto> {
    const limit = options.limit ?? DEFAULT_PAGE;
    const where = filterWhere(filter);
    if (options.cursor) {
      const after = decodeCursor(options.cursor);
      // `date <= cursor` alone bounds the index range; the OR removes the rows of that instant already shown.
      where.AND = [{ date: { lte: after.date } }, { OR: [{ date: { lt: after.date } }, { logId: { lt: after.logId } }] }];
    }
    const rows = await this.prisma.logEvent.findMany({ where, orderBy: [{ date: 'desc' }, { logId: 'desc' }], take: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { events: page.map(toEventDto), nextCursor: rows.length > limit && last ? encodeCursor({ date: last.date, logId: last.logId }) : null };
  }

  async get(logId: string): Promise<EventDto> {
    // The key table knows the date, so only one partition is read.
    const key = await this.prisma.logEventKey.findUnique({ where: { logId } });
    const event = key && (await this.prisma.logEvent.findUnique({ where: { date_logId: { date: key.date, logId } } }));
    if (!event) throw ApiError.notFound('event_not_found', `No stored event has the log id ${logId}.`);
    return toEventDto(event);
  }
}
