import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { PrismaService } from '../../database/prisma.service';
import type { LogEvent } from '../events/log-event';
import { StoredEvents } from '../events/stored-events';
import { SinkRoute, sinkRoutes, sinksFor } from '../fanout/sink-routes';
import { LogStreamMetrics } from '../log-stream.metrics';
import type { QuarantinedRecord } from './event-record';

export interface IngestOutcome {
  /** Events stored by this call. */
  accepted: number;
  /** Events already stored before (redelivered), or repeated within the batch. */
  duplicates: number;
  /** Records stored in the quarantine instead. */
  quarantined: number;
}

/** The PostgreSQL channel on which replicas announce committed events to each other's live tails. */
export const STORED_EVENTS_CHANNEL = 'log_events_stored';
/** Keys per notification: a payload must stay under PostgreSQL's 8000 bytes even with 128-character ids. */
const KEYS_PER_NOTIFICATION = 40;

// One statement, so one transaction: keys first (a log_id already known is a duplicate whatever its
// date), then the events whose key is new, their outbox rows, the quarantined records, and a
// notification per chunk of stored keys for the live tails of other replicas (sent on commit).
const INGEST_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
    log_id text, date timestamptz, type text, category text, description text, user_id text, user_name text,
    client_id text, client_name text, connection text, ip text, user_agent text, hostname text, country text,
    data jsonb, sinks text[])
), fresh AS (
  INSERT INTO log_event_keys (log_id, date) SELECT log_id, date FROM input ON CONFLICT DO NOTHING RETURNING log_id
), stored AS (
  INSERT INTO log_events (date, log_id, type, category, description, user_id, user_name, client_id, client_name,
    connection, ip, user_agent, hostname, country, stream, received_at, data)
  SELECT i.date, i.log_id, i.type, i.category, i.description, i.user_id, i.user_name, i.client_id, i.client_name,
    i.connection, i.ip, i.user_agent, i.hostname, i.country, $2, $3::timestamptz, i.data
  FROM input i JOIN fresh USING (log_id)
  RETURNING date, log_id
), outbox AS (
  INSERT INTO log_event_outbox (sink, log_id, event_date)
  SELECT s.sink, i.log_id, i.date FROM input i JOIN fresh USING (log_id) CROSS JOIN LATERAL unnest(i.sinks) AS s(sink)
), quarantine AS (
  INSERT INTO log_event_quarantine (stream, received_at, reason, message, position, log_id, raw)
  SELECT $2, $3::timestamptz, q.reason, q.message, q.position, q.log_id, q.raw
  FROM jsonb_to_recordset($4::jsonb) AS q(reason text, message text, position text, log_id text, raw text)
), chunks AS (
  SELECT (row_number() OVER () - 1) / ${KEYS_PER_NOTIFICATION} AS chunk, date, log_id FROM stored
)
SELECT log_id, NULL AS notified FROM stored
UNION ALL
SELECT NULL, pg_notify('${STORED_EVENTS_CHANNEL}', json_build_object('origin', $5::text, 'keys', json_agg(json_build_array(date, log_id)))::text)::text
FROM chunks GROUP BY chunk`;

/** Text columns cannot hold NUL characters; the quarantine keeps the rest of the raw text. */
const withoutNul = (text: string) => (text.includes('\u0000') ? text.replace(/\u0000/g, '\uFFFD') : text);

/**
 * Stores events in the event store: deduplicated on `log_id` across all time, in one transaction with
 * their outbox rows and the batch's quarantined records, with one multi-row statement per batch. Used
 * for log-stream batches and for the gateway's own events alike.
 */
@Injectable()
export class LogEventIngestor {
  private readonly routes: SinkRoute[];

  constructor(
    private readonly prisma: PrismaService,
    private readonly stored: StoredEvents,
    private readonly metrics: LogStreamMetrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.routes = sinkRoutes(config);
  }

  /**
   * Stores the events of one batch of `stream` (mapped by toLogEvent, which keeps out what cannot be
   * stored) and its quarantined records; resolves once committed.
   */
  async ingest(stream: string, events: LogEvent[], quarantine: QuarantinedRecord[], receivedAt = new Date()): Promise<IngestOutcome> {
    const rows: string[] = [];
    const unique = new Map<string, LogEvent>();
    let repeated = 0;
    for (const event of events) {
      if (unique.has(event.logId)) {
        repeated++;
        continue;
      }
      const row = JSON.stringify({
        log_id: event.logId,
        date: event.date.toISOString(),
        type: event.type,
        category: event.category,
        description: event.description,
        user_id: event.userId,
        user_name: event.userName,
        client_id: event.clientId,
        client_name: event.clientName,
        connection: event.connection,
        ip: event.ip,
        user_agent: event.userAgent,
        hostname: event.hostname,
        country: event.country,
        data: event.data,
        sinks: sinksFor(this.routes, event.type, event.category),
      });
      unique.set(event.logId, event);
      rows.push(row);
    }
    if (!rows.length && !quarantine.length) return { accepted: 0, duplicates: repeated, quarantined: 0 };

    const quarantineJson = JSON.stringify(quarantine.map((q) => ({ reason: q.reason, message: withoutNul(q.message), position: withoutNul(q.position), log_id: q.logId, raw: withoutNul(q.raw) })));
    const result = await this.prisma.$queryRawUnsafe<Array<{ log_id: string | null }>>(
      INGEST_SQL,
      `[${rows.join(',')}]`,
      stream,
      receivedAt.toISOString(),
      quarantineJson,
      this.stored.origin,
    );
    const storedEvents = result.flatMap((r) => (r.log_id ? [unique.get(r.log_id) as LogEvent] : []));
    const outcome = { accepted: storedEvents.length, duplicates: unique.size - storedEvents.length + repeated, quarantined: quarantine.length };
    this.metrics.countIngested(stream, outcome.accepted, outcome.duplicates, outcome.quarantined);
    this.stored.publish(storedEvents);
    return outcome;
  }
}
