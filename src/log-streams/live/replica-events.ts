import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DATABASE_URL } from '../../database/database.module';
import { PrismaService } from '../../database/prisma.service';
import { StoredEvents } from '../events/stored-events';
import { STORED_EVENTS_CHANNEL } from '../ingest/log-event-ingestor';
import { LiveTail } from './live-tail';

interface Notification {
  origin: string;
  keys: Array<[string, string]>;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * Brings events stored by other replicas to this process's live tail: every ingest transaction sends
 * PostgreSQL notifications with the keys it committed; this process LISTENs (from its first live-tail
 * subscriber on), reads those events and broadcasts them. Its own notifications are skipped (they were
 * delivered in process). A lost connection is re-established with backoff; events committed while it
 * is down are not replayed (the live tail shows what arrives, GET /events has everything).
 */
@Injectable()
export class ReplicaEvents implements OnModuleDestroy {
  private readonly logger = new Logger(ReplicaEvents.name);
  private client?: Client;
  private listening?: Promise<void>;
  private stopped = false;
  private retryMs = RECONNECT_MIN_MS;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly prisma: PrismaService,
    private readonly stored: StoredEvents,
    private readonly liveTail: LiveTail,
  ) {}

  /** Resolves once notifications are being received. */
  listen(): Promise<void> {
    this.listening ??= this.connect().catch((error: unknown) => {
      this.listening = undefined;
      throw error;
    });
    return this.listening;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'auth0-gateway-live-tail' });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === STORED_EVENTS_CHANNEL && message.payload) void this.deliver(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${STORED_EVENTS_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    this.retryMs = RECONNECT_MIN_MS;
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.listening = undefined;
    if (this.stopped) return;
    this.logger.warn({ err: error }, 'live tail lost its notification connection; reconnecting');
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.listen().catch(() => this.reconnectLater()), this.retryMs);
    this.retryMs = Math.min(RECONNECT_MAX_MS, this.retryMs * 2);
  }

  private async deliver(payload: string): Promise<void> {
    let notification: Notification;
    try {
      notification = JSON.parse(payload) as Notification;
    } catch {
      return;
    }
    if (notification.origin === this.stored.origin || !this.liveTail.subscriberCount || !Array.isArray(notification.keys)) return;
    try {
      const events = await this.prisma.logEvent.findMany({
        where: { OR: notification.keys.map(([date, logId]) => ({ date: new Date(date), logId })) },
        orderBy: [{ date: 'asc' }, { logId: 'asc' }],
      });
      this.liveTail.broadcast(events);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read events stored by another replica');
    }
  }
}
