import { Logger } from '@nestjs/common';
import { jetstream, JetStreamApiCodes, JetStreamApiError, jetstreamManager, JetStreamClient } from '@nats-io/jetstream';
import { connect, headers, NatsConnection } from '@nats-io/transport-node';
import type { CloudEvent } from 'cloudevents';
import { NATS_SINK, NatsSinkConfig } from '../../config/schema/log-streams.schema';
import type { DeliverableEvent } from './cloud-event';
import type { EventSink } from './sink';

/** A subject token from a type code: NATS subjects cannot hold dots, spaces or wildcards inside a token. */
export function subjectToken(type: string): string {
  return type.replace(/[^A-Za-z0-9_-]/g, '_') || '_';
}

/**
 * Publishes each event to JetStream on `<subjectPrefix>.<type>` in CloudEvents structured mode, with
 * `Nats-Msg-Id` = log_id so JetStream itself drops redeliveries within its duplicate window. The stream
 * is created when missing (or given the subjects when it lacks them). The connection is opened on first
 * use and again after a failure, so the service starts and ingests while NATS is down.
 */
export class NatsEventSink implements EventSink {
  readonly name = NATS_SINK;
  readonly retry: NatsSinkConfig;
  readonly timeoutMs: number;
  private readonly logger = new Logger(NatsEventSink.name);
  private session?: Promise<{ connection: NatsConnection; js: JetStreamClient }>;

  constructor(
    private readonly url: string,
    private readonly config: NatsSinkConfig,
  ) {
    this.retry = config;
    this.timeoutMs = config.timeoutMs;
  }

  async deliver(cloudEvent: CloudEvent<Record<string, unknown>>, event: DeliverableEvent): Promise<void> {
    const { js } = await this.open();
    const h = headers();
    h.set('content-type', 'application/cloudevents+json; charset=utf-8');
    await js.publish(`${this.config.subjectPrefix}.${subjectToken(event.type)}`, JSON.stringify(cloudEvent), { msgID: event.logId, headers: h, timeout: this.timeoutMs });
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    const opened = await session?.catch(() => undefined);
    await opened?.connection.drain().catch(() => undefined);
  }

  private open(): Promise<{ connection: NatsConnection; js: JetStreamClient }> {
    this.session ??= this.connect().catch((error: unknown) => {
      this.session = undefined;
      throw error;
    });
    return this.session;
  }

  private async connect(): Promise<{ connection: NatsConnection; js: JetStreamClient }> {
    const connection = await connect({ servers: this.url, name: 'auth0-gateway', timeout: this.timeoutMs, maxReconnectAttempts: -1 });
    try {
      await this.ensureStream(connection);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
    void connection.closed().then(() => {
      this.session = undefined;
    });
    this.logger.log(`publishing events to JetStream stream ${this.config.stream} on ${this.config.subjectPrefix}.>`);
    return { connection, js: jetstream(connection) };
  }

  private async ensureStream(connection: NatsConnection): Promise<void> {
    const jsm = await jetstreamManager(connection, { timeout: this.timeoutMs });
    const subject = `${this.config.subjectPrefix}.>`;
    try {
      const info = await jsm.streams.info(this.config.stream);
      if (!info.config.subjects?.includes(subject)) await jsm.streams.update(this.config.stream, { subjects: [...(info.config.subjects ?? []), subject] });
    } catch (error) {
      if (!(error instanceof JetStreamApiError) || error.code !== JetStreamApiCodes.StreamNotFound) throw error;
      await jsm.streams.add({ name: this.config.stream, subjects: [subject] });
    }
  }
}
