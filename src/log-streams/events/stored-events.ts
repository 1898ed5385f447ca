import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { LogEvent } from './log-event';

export type StoredEventsListener = (events: LogEvent[]) => void;

/**
 * In-process notification of newly committed events (live tail subscribers, the outbox dispatcher).
 * Events committed by other replicas arrive through PostgreSQL notifications tagged with the `origin`
 * of the process that stored them.
 */
@Injectable()
export class StoredEvents {
  private readonly logger = new Logger(StoredEvents.name);
  private readonly listeners = new Set<StoredEventsListener>();
  /** Identifies this process in the notifications it sends. */
  readonly origin = randomUUID();

  subscribe(listener: StoredEventsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  publish(events: LogEvent[]): void {
    if (!events.length) return;
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.logger.error({ err: error }, 'stored-events listener failed');
      }
    }
  }
}
