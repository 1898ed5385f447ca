import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { StoredEvents } from '../events/stored-events';
import { EventFields, toEventDto } from '../query/dto/event.dto';
import { EventFilter, matchesFilter } from '../query/event-filter';

/** A subscriber that does not read its stream is dropped once this much is waiting for it. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Tells EventSource clients how long to wait before reconnecting. */
const RECONNECT_MS = 3000;

interface Subscriber {
  filter: EventFilter;
  response: ServerResponse;
  heartbeat: NodeJS.Timeout;
}

/**
 * Server-Sent Events of newly stored events, per subscriber filter. Events stored by this process
 * arrive through StoredEvents; those stored by other replicas through `broadcast` (PostgreSQL
 * notifications). Comment lines keep idle connections open; every stream is ended on shutdown so the
 * HTTP server can close.
 */
@Injectable()
export class LiveTail implements OnModuleDestroy {
  private readonly logger = new Logger(LiveTail.name);
  private readonly subscribers = new Set<Subscriber>();
  private readonly heartbeatMs: number;

  constructor(
    stored: StoredEvents,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.heartbeatMs = config.service.logStreams.liveTail.heartbeatSeconds * 1000;
    stored.subscribe((events) => this.broadcast(events));
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Takes the response over and keeps it open until the client leaves or the service stops. */
  open(filter: EventFilter, request: FastifyRequest, reply: FastifyReply): void {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': String(request.id),
    });
    response.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
    const subscriber: Subscriber = { filter, response, heartbeat: setInterval(() => this.write(subscriber, ': keep-alive\n\n'), this.heartbeatMs) };
    subscriber.heartbeat.unref();
    this.subscribers.add(subscriber);
    const leave = () => this.remove(subscriber);
    request.raw.once('close', leave);
    response.once('close', leave);
  }

  /** Sends each event to the subscribers whose filter it passes. */
  broadcast(events: EventFields[]): void {
    if (!this.subscribers.size) return;
    for (const event of events) {
      let frame: string | undefined;
      for (const subscriber of this.subscribers) {
        if (!matchesFilter(subscriber.filter, event)) continue;
        frame ??= `id: ${event.logId}\nevent: log\ndata: ${JSON.stringify(toEventDto(event))}\n\n`;
        this.write(subscriber, frame);
      }
    }
  }

  onModuleDestroy(): void {
    for (const subscriber of [...this.subscribers]) {
      subscriber.response.end();
      this.remove(subscriber);
    }
  }

  private write(subscriber: Subscriber, text: string): void {
    if (subscriber.response.writableLength > MAX_BUFFERED_BYTES) {
      this.logger.warn('live tail subscriber does not keep up; closing its stream');
      subscriber.response.destroy();
      this.remove(subscriber);
      return;
    }
    subscriber.response.write(text);
  }

  private remove(subscriber: Subscriber): void {
    clearInterval(subscriber.heartbeat);
    this.subscribers.delete(subscriber);
  }
}
