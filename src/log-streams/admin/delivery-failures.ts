import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service';
import { OutboxDispatcher } from '../fanout/outbox-dispatcher';
import { DeadLetterPageDto, QuarantinePageDto, toDeadLetterDto, toQuarantinedRecordDto } from './dto/failures.dto';

const DEFAULT_PAGE = 100;

/** What did not make it: dead letters of the fan-out and quarantined log-stream records, newest first. */
@Injectable()
export class DeliveryFailures {
  constructor(
    private readonly prisma: PrismaService,
    private readonly dispatcher: OutboxDispatcher,
  ) {}

  async deadLetters(query: { sink?: string; limit?: number; cursor?: string }): Promise<DeadLetterPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.prisma.logEventDeadLetter.findMany({
      where: { ...(query.sink ? { sink: query.sink } : {}), ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}) },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { deadLetters: page.map(toDeadLetterDto), nextCursor: rows.length > limit ? page[page.length - 1].id.toString() : null };
  }

  /** Puts dead letters back in the outbox with fresh attempts; returns how many. */
  async retry(selection: { sink?: string; ids?: string[] }): Promise<number> {
    const requeued = await this.prisma.$executeRawUnsafe(
      `WITH moved AS (
         DELETE FROM log_event_dead_letters
         WHERE ($1::text IS NULL OR sink = $1) AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))
         RETURNING sink, log_id, event_date, created_at
       )
       INSERT INTO log_event_outbox (sink, log_id, event_date, created_at) SELECT sink, log_id, event_date, created_at FROM moved`,
      selection.sink ?? null,
      selection.ids ?? null,
    );
    if (requeued) this.dispatcher.notify();
    return requeued;
  }

  async quarantine(query: { stream?: string; reason?: string; limit?: number; cursor?: string }): Promise<QuarantinePageDto> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.prisma.logEventQuarantine.findMany({
      where: {
        ...(query.stream ? { stream: query.stream } : {}),
        ...(query.reason ? { reason: query.reason } : {}),
        ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { records: page.map(toQuarantinedRecordDto), nextCursor: rows.length > limit ? page[page.length - 1].id.toString() : null };
  }
}
