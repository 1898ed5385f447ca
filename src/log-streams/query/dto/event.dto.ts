import { ApiProperty } from '@nestjs/swagger';
import { EVENT_CATEGORIES } from '../../events/event-types';
import type { EventCategory } from '../../events/event-types';
import type { LogEvent } from '../../events/log-event';

/** A stored event: the typed fields, and Auth0's event as received in `data`. */
export class EventDto {
  logId: string;
  /** When the event happened (ISO 8601). */
  date: string;
  /** Auth0 type code (`s`, `f`, `fp`, `ss`, …). */
  type: string;
  @ApiProperty({ enum: EVENT_CATEGORIES })
  category: EventCategory;
  description: string | null;
  userId: string | null;
  userName: string | null;
  clientId: string | null;
  clientName: string | null;
  connection: string | null;
  ip: string | null;
  userAgent: string | null;
  hostname: string | null;
  /** ISO 3166-1 alpha-2 country of the IP, when known. */
  country: string | null;
  /** The log stream it arrived on (`gateway` for the gateway's own events). */
  stream: string;
  /** When the gateway stored it (ISO 8601). */
  receivedAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
}

export class EventPageDto {
  /** Newest first. */
  events: EventDto[];
  /** Pass as `cursor` to get the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** What the mapper reads: a Prisma LogEvent row or an event that was just stored. */
export type EventFields = Omit<LogEvent, 'category' | 'data'> & { category: string; data: unknown };

export function toEventDto(event: EventFields): EventDto {
  return {
    logId: event.logId,
    date: event.date.toISOString(),
    type: event.type,
    category: event.category as EventCategory,
    description: event.description,
    userId: event.userId,
    userName: event.userName,
    clientId: event.clientId,
    clientName: event.clientName,
    connection: event.connection,
    ip: event.ip,
    userAgent: event.userAgent,
    hostname: event.hostname,
    country: event.country,
    stream: event.stream,
    receivedAt: event.receivedAt.toISOString(),
    data: event.data as Record<string, unknown>,
  };
}
