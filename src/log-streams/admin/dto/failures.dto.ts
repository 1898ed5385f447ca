import { ArrayMaxSize, IsArray, IsOptional, Matches } from 'class-validator';
import type { LogEventDeadLetter, LogEventQuarantine } from '../../../generated/prisma/client';
import { OptionalInt, OptionalText } from '../../query/dto/query-params';

class PageQueryDto {
  /** Entries per page (default 100). */
  @OptionalInt(1, 500, 100)
  limit?: number;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'cursor must be a nextCursor returned by this API' })
  cursor?: string;
}

export class DeadLettersQueryDto extends PageQueryDto {
  @OptionalText(64)
  sink?: string;
}

export class QuarantineQueryDto extends PageQueryDto {
  @OptionalText(64)
  stream?: string;

  /** A reason code, e.g. `invalid_json`, `missing_log_id`. */
  @OptionalText(64)
  reason?: string;
}

export class RetryDeadLettersDto {
  /** Only the dead letters of this sink. */
  @OptionalText(64)
  sink?: string;

  /** Only these dead letters (ids from the list); all (of the sink) when omitted. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @Matches(/^\d{1,19}$/, { each: true, message: 'each id must be a dead letter id' })
  ids?: string[];
}

export class RetriedDto {
  /** Dead letters put back in the outbox. */
  requeued: number;
}

export class DeadLetterDto {
  id: string;
  sink: string;
  logId: string;
  eventDate: string;
  attempts: number;
  lastError: string | null;
  /** When the event entered the outbox. */
  createdAt: string;
  deadAt: string;
}

export class DeadLetterPageDto {
  deadLetters: DeadLetterDto[];
  nextCursor: string | null;
}

export class QuarantinedRecordDto {
  id: string;
  stream: string;
  receivedAt: string;
  reason: string;
  message: string;
  /** Where the record was in its batch: `line 3`, `[2]`, `logs[2]`. */
  position: string;
  logId: string | null;
  /** The record as received. */
  raw: string;
}

export class QuarantinePageDto {
  records: QuarantinedRecordDto[];
  nextCursor: string | null;
}

export function toDeadLetterDto(row: LogEventDeadLetter): DeadLetterDto {
  return {
    id: row.id.toString(),
    sink: row.sink,
    logId: row.logId,
    eventDate: row.eventDate.toISOString(),
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    deadAt: row.deadAt.toISOString(),
  };
}

export function toQuarantinedRecordDto(row: LogEventQuarantine): QuarantinedRecordDto {
  return {
    id: row.id.toString(),
    stream: row.stream,
    receivedAt: row.receivedAt.toISOString(),
    reason: row.reason,
    message: row.message,
    position: row.position,
    logId: row.logId,
    raw: row.raw,
  };
}
