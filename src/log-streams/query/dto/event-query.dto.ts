import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { EVENT_CATEGORIES } from '../../events/event-types';
import type { EventCategory } from '../../events/event-types';
import { OptionalInt, OptionalText } from './query-params';

const asArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** Filters of the live tail (no time window: it shows what arrives from now on). */
export class EventStreamQueryDto {
  /** Type codes (repeat the parameter for several: `type=f&type=fp`). */
  @ApiPropertyOptional({ type: [String], example: ['fp', 'fu'] })
  @IsOptional()
  @Transform(asArray)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  type?: string[];

  @ApiPropertyOptional({ enum: EVENT_CATEGORIES })
  @IsOptional()
  @IsIn(EVENT_CATEGORIES)
  category?: EventCategory;

  @OptionalText(512)
  userId?: string;

  /** The user name (usually the email) exactly. */
  @OptionalText(512)
  userName?: string;

  @OptionalText(512)
  ip?: string;

  @OptionalText(512)
  clientId?: string;

  @OptionalText(512)
  connection?: string;

  /** The log stream the events arrived on (`gateway` for the gateway's own events). */
  @OptionalText(64)
  stream?: string;

  /** Free text: a case-insensitive substring of the description. */
  @OptionalText(200)
  @MinLength(1)
  q?: string;
}

/** A time window; the endpoint says what it defaults to. */
export class TimeWindowQueryDto {
  /** Events at or after this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Events before this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** Filters of stored events: the live tail's plus a time window. */
export class EventFilterQueryDto extends IntersectionType(EventStreamQueryDto, TimeWindowQueryDto) {}

export class ListEventsQueryDto extends EventFilterQueryDto {
  /** `nextCursor` of the previous page. */
  @OptionalText(400)
  cursor?: string;

  /** Events per page (default 50). */
  @OptionalInt(1, 200, 50)
  limit?: number;
}

export const STATS_GROUPS = ['type', 'category', 'hour', 'day', 'ip', 'user', 'client', 'country'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

export class EventStatsQueryDto extends EventFilterQueryDto {
  /** `hour` and `day` count per time bucket (UTC, every bucket of the window); the others give the top N. */
  @ApiProperty({ enum: STATS_GROUPS })
  @IsIn(STATS_GROUPS)
  groupBy: StatsGroup;

  /** How many of the top keys (default 10); ignored for `hour` and `day`. */
  @OptionalInt(1, 1000, 10)
  limit?: number;
}

export class SecurityQueryDto extends TimeWindowQueryDto {
  /** An IP is reported for brute force above this many `limit_*`, `fp` or `fu` events in one hour (default 4). */
  @OptionalInt(1, 100_000, 4)
  bruteForceThreshold?: number;

  /** Entries per list (default 10). */
  @OptionalInt(1, 100, 10)
  limit?: number;
}
