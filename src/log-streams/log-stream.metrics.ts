import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../health/metrics.service';

export interface OutboxBacklog {
  sink: string;
  pending: number;
  oldestSeconds: number;
}

/** Prometheus metrics of ingestion and fan-out, on the service's registry. */
@Injectable()
export class LogStreamMetrics {
  readonly events: Counter<'stream' | 'outcome'>;
  readonly deliveries: Counter<'sink' | 'outcome'>;
  private readonly pending: Gauge<'sink'>;
  private readonly oldest: Gauge<'sink'>;
  private backlog: () => Promise<OutboxBacklog[]> = async () => [];

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.events = new Counter({
      name: 'log_stream_events_total',
      help: 'Log-stream records by stream and outcome (accepted, duplicate, quarantined)',
      labelNames: ['stream', 'outcome'] as const,
      registers,
    });
    this.deliveries = new Counter({
      name: 'log_event_deliveries_total',
      help: 'Event deliveries to sinks by outcome (delivered, failed, dead_lettered)',
      labelNames: ['sink', 'outcome'] as const,
      registers,
    });
    // Read from the outbox when scraped, so every replica reports the same backlog; both gauges share
    // one query per scrape.
    let cached: { at: number; rows: Promise<OutboxBacklog[] | null> } | undefined;
    const once = () => {
      if (!cached || Date.now() - cached.at > 1000) {
        // Database unreachable: keep the last values rather than failing the scrape.
        cached = { at: Date.now(), rows: this.backlog().catch(() => null) };
      }
      return cached.rows;
    };
    this.pending = new Gauge({
      name: 'log_event_outbox_pending',
      help: 'Events waiting in the outbox, per sink',
      labelNames: ['sink'] as const,
      registers,
      collect: async () => this.apply(await once(), 'pending'),
    });
    this.oldest = new Gauge({
      name: 'log_event_outbox_lag_seconds',
      help: 'Age of the oldest event waiting in the outbox, per sink',
      labelNames: ['sink'] as const,
      registers,
      collect: async () => this.apply(await once(), 'oldestSeconds'),
    });
  }

  /** Where the outbox gauges read their values (set by the outbox dispatcher). */
  readBacklogWith(reader: () => Promise<OutboxBacklog[]>): void {
    this.backlog = reader;
  }

  countIngested(stream: string, accepted: number, duplicates: number, quarantined: number): void {
    if (accepted) this.events.inc({ stream, outcome: 'accepted' }, accepted);
    if (duplicates) this.events.inc({ stream, outcome: 'duplicate' }, duplicates);
    if (quarantined) this.events.inc({ stream, outcome: 'quarantined' }, quarantined);
  }

  private apply(rows: OutboxBacklog[] | null, field: 'pending' | 'oldestSeconds'): void {
    if (!rows) return;
    const gauge = field === 'pending' ? this.pending : this.oldest;
    gauge.reset();
    for (const row of rows) gauge.set({ sink: row.sink }, row[field]);
  }
}
