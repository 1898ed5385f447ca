import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { GATEWAY_STREAM } from '../../config/schema/log-streams.schema';
import { PrismaService } from '../../database/prisma.service';
import { StoredEvents } from '../events/stored-events';
import { LogStreamRegistry } from '../ingest/log-stream-registry';
import { LogStreamMetrics } from '../log-stream.metrics';
import { retryDelayMs } from './backoff';
import { DeliverableEvent, toCloudEvent } from './cloud-event';
import { createSinks } from './event-sinks';
import type { EventSink } from './sink';

/** Outbox rows claimed per round. */
const CLAIM_BATCH = 200;
/** Deliveries in flight at once, over all sinks. */
const CONCURRENCY = 16;
/**
 * A claimed round is leased for as long as delivering all of it may take (every delivery of the round
 * taking its sink's whole timeout, CONCURRENCY at a time) plus this margin; a replica that dies
 * mid-delivery releases its rows when the lease ends, and no live replica's rows are taken over.
 */
const LEASE_MARGIN_MS = 30_000;

interface ClaimedRow {
  id: string;
  sink: string;
  log_id: string;
  event_date: Date;
  attempts: number;
}

interface StoredRow {
  log_id: string;
  date: Date;
  type: string;
  user_id: string | null;
  hostname: string | null;
  stream: string;
  data: Record<string, unknown>;
}

type Result = { id: string; sink: EventSink; attempts: number; error?: string };

const CLAIM_SQL = `
WITH due AS (
  SELECT id FROM log_event_outbox
  WHERE sink = ANY($1::text[]) AND next_attempt_at <= now()
  ORDER BY next_attempt_at LIMIT ${CLAIM_BATCH}
  FOR UPDATE SKIP LOCKED
)
UPDATE log_event_outbox o SET attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
FROM due WHERE o.id = due.id
RETURNING o.id::text AS id, o.sink, o.log_id, o.event_date, o.attempts`;

const EVENTS_SQL = `
SELECT e.log_id, e.date, e.type, e.user_id, e.hostname, e.stream, e.data
FROM unnest($1::timestamptz[], $2::text[]) AS k(date, log_id)
JOIN log_events e ON e.date = k.date AND e.log_id = k.log_id`;

const RESCHEDULE_SQL = `
UPDATE log_event_outbox o SET next_attempt_at = now() + make_interval(secs => r.delay_ms / 1000), last_error = r.error
FROM unnest($1::bigint[], $2::float8[], $3::text[]) AS r(id, delay_ms, error)
WHERE o.id = r.id`;

const DEAD_LETTER_SQL = `
WITH moved AS (
  DELETE FROM log_event_outbox o USING unnest($1::bigint[], $2::text[]) AS r(id, error)
  WHERE o.id = r.id
  RETURNING o.id, o.sink, o.log_id, o.event_date, o.attempts, r.error, o.created_at
)
INSERT INTO log_event_dead_letters (id, sink, log_id, event_date, attempts, last_error, created_at)
SELECT id, sink, log_id, event_date, attempts, error, created_at FROM moved`;

/**
 * Drains the outbox: claims due rows (FOR UPDATE SKIP LOCKED, so replicas never claim the same row),
 * leases them, delivers each as a CloudEvent to its sink, deletes what was delivered, and schedules a
 * retry with exponential backoff — or, after the sink's `maxAttempts`, moves the row to the dead
 * letters. Rows stay in the outbox until delivered, so nothing is lost when the process stops: the next
 * one (or another replica) picks them up. At least once: a delivery whose outcome was not recorded
 * (crash) is repeated, with the same CloudEvent id.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private readonly sinks: Map<string, EventSink>;
  private readonly leaseMs: number;
  private stopping = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private woken = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly prisma: PrismaService,
    private readonly stored: StoredEvents,
    private readonly registry: LogStreamRegistry,
    private readonly metrics: LogStreamMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sinks = new Map(createSinks(config).map((sink) => [sink.name, sink]));
    const slowestDelivery = Math.max(0, ...[...this.sinks.values()].map((s) => s.timeoutMs));
    this.leaseMs = Math.ceil(CLAIM_BATCH / CONCURRENCY) * slowestDelivery + LEASE_MARGIN_MS;
    metrics.readBacklogWith(() => this.backlog());
  }

  get sinkNames(): string[] {
    return [...this.sinks.keys()];
  }

  onApplicationBootstrap(): void {
    if (!this.sinks.size) return;
    this.unsubscribe = this.stored.subscribe(() => this.notify());
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.notify();
    // Deliveries in flight finish (each bounded by its sink's timeout); unclaimed rows wait for the next start.
    await this.loop;
    await Promise.all([...this.sinks.values()].map((sink) => sink.close()));
  }

  /** Starts a round now instead of at the next poll (new events were stored). */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Claims and delivers one round of due rows; returns how many rows it claimed. */
  async dispatchOnce(): Promise<number> {
    const claimed = await this.prisma.$queryRawUnsafe<ClaimedRow[]>(CLAIM_SQL, this.sinkNames, this.leaseMs);
    if (!claimed.length) return 0;
    const events = await this.prisma.$queryRawUnsafe<StoredRow[]>(
      EVENTS_SQL,
      claimed.map((r) => r.event_date.toISOString()),
      claimed.map((r) => r.log_id),
    );
    const byKey = new Map(events.map((e) => [`${e.date.toISOString()}|${e.log_id}`, e]));
    const results: Result[] = [];
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const row = claimed[next++];
        results.push(await this.deliver(row, byKey.get(`${row.event_date.toISOString()}|${row.log_id}`)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
    await this.record(results);
    return claimed.length;
  }

  private async run(): Promise<void> {
    const pollMs = this.config.service.sinks.pollIntervalMs;
    while (!this.stopping) {
      let claimed = 0;
      try {
        claimed = await this.dispatchOnce();
      } catch (error) {
        // Typically the database being unavailable: rows stay in the outbox, try again later.
        if (!this.stopping) this.logger.warn({ err: error }, 'outbox round failed');
      }
      if (claimed < CLAIM_BATCH && !this.stopping) await this.idle(pollMs);
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        this.woken = false;
        done();
      };
    });
  }

  private async deliver(row: ClaimedRow, stored: StoredRow | undefined): Promise<Result> {
    const sink = this.sinks.get(row.sink) as EventSink;
    if (!stored) return { id: row.id, sink, attempts: sink.retry.maxAttempts, error: 'the event is no longer stored (past the retention)' };
    const event: DeliverableEvent = {
      logId: stored.log_id,
      date: stored.date,
      type: stored.type,
      userId: stored.user_id,
      hostname: stored.hostname,
      stream: stored.stream,
      data: stored.data,
    };
    try {
      await sink.deliver(toCloudEvent(event, this.cloudEventOptions(stored.stream)), event);
      return { id: row.id, sink, attempts: row.attempts };
    } catch (error) {
      return { id: row.id, sink, attempts: row.attempts, error: describe(error) };
    }
  }

  private cloudEventOptions(stream: string) {
    const publicUrl = this.config.env.PUBLIC_URL ?? `http://localhost:${this.config.env.PORT}`;
    return {
      typePrefix: this.config.service.sinks.cloudEventTypePrefix,
      tenant: this.registry.find(stream)?.tenant,
      fallbackSource: stream === GATEWAY_STREAM ? publicUrl : `${publicUrl}/log-streams/${stream}`,
    };
  }

  private async record(results: Result[]): Promise<void> {
    const delivered = results.filter((r) => r.error === undefined);
    const failed = results.filter((r) => r.error !== undefined);
    const dead = failed.filter((r) => r.attempts >= r.sink.retry.maxAttempts);
    const retried = failed.filter((r) => r.attempts < r.sink.retry.maxAttempts);
    if (delivered.length) await this.prisma.$executeRawUnsafe('DELETE FROM log_event_outbox WHERE id = ANY($1::bigint[])', delivered.map((r) => r.id));
    if (retried.length) {
      await this.prisma.$executeRawUnsafe(
        RESCHEDULE_SQL,
        retried.map((r) => r.id),
        retried.map((r) => retryDelayMs(r.sink.retry, r.attempts)),
        retried.map((r) => r.error as string),
      );
    }
    if (dead.length) {
      await this.prisma.$executeRawUnsafe(DEAD_LETTER_SQL, dead.map((r) => r.id), dead.map((r) => r.error as string));
      this.logger.warn({ count: dead.length, sinks: [...new Set(dead.map((r) => r.sink.name))] }, 'events moved to the dead letters');
    }
    for (const r of delivered) this.metrics.deliveries.inc({ sink: r.sink.name, outcome: 'delivered' });
    for (const r of retried) this.metrics.deliveries.inc({ sink: r.sink.name, outcome: 'failed' });
    for (const r of dead) this.metrics.deliveries.inc({ sink: r.sink.name, outcome: 'dead_lettered' });
  }

  private async backlog() {
    const rows = await this.prisma.$queryRawUnsafe<Array<{ sink: string; pending: number; oldest_seconds: number }>>(
      `SELECT sink, count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_seconds
       FROM log_event_outbox GROUP BY sink`,
    );
    return rows.map((r) => ({ sink: r.sink, pending: r.pending, oldestSeconds: r.oldest_seconds }));
  }
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  const text = `${e?.name === 'TimeoutError' ? 'timed out' : (e?.message ?? String(error))}${cause ? ` (${cause})` : ''}`;
  return text.slice(0, 500);
}
