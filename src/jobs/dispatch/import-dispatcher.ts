import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { DATABASE_URL } from '../../database/database.module';
import { PrismaService } from '../../database/prisma.service';
import { OPEN_STATES } from './chunk-store';
import { FollowProviderJobs } from './follow-provider-jobs';
import { SubmitQueuedChunks } from './submit-queued-chunks';

/** Held (as a session advisory lock) by the one process that dispatches import chunks at a time. */
const DISPATCH_LOCK = 72_707_380;
const HOUSEKEEPING_EVERY_MS = 60 * 60_000;

/**
 * Feeds bulk imports to the identity provider: every poll interval (and at once when an import is
 * created) it follows the provider jobs that run, then starts queued chunks into the free slots.
 * All state is in Postgres, so a restarted process — or another replica — carries on where the
 * last one stopped; an advisory lock lets one process dispatch at a time (it is released with the
 * process's connection if the process dies). Shutdown waits for the round in progress.
 */
@Injectable()
export class ImportDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ImportDispatcher.name);
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private wakeRequested = false;
  private stopping = false;
  private lockClient?: Client;
  private lastHousekeeping = 0;

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly follow: FollowProviderJobs,
    private readonly submit: SubmitQueuedChunks,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.round;
    await this.lockClient?.end().catch(() => undefined);
  }

  /** Runs a round soon: a new import need not wait for the next poll. */
  wake(): void {
    if (this.stopping) return;
    if (this.round) this.wakeRequested = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.startRound(), delayMs);
    this.timer.unref();
  }

  private startRound(): Promise<void> {
    if (this.round) return this.round;
    this.round = this.dispatch()
      .catch((error: unknown) => this.logger.error({ err: error }, 'import dispatch round failed'))
      .finally(() => {
        this.round = undefined;
        if (this.stopping) return;
        const again = this.wakeRequested;
        this.wakeRequested = false;
        this.schedule(again ? 0 : this.config.service.userImport.pollIntervalMs);
      });
    return this.round;
  }

  private async dispatch(): Promise<void> {
    await this.housekeeping();
    const open = await this.prisma.userImportChunk.findFirst({ where: { status: { in: [...OPEN_STATES] } }, select: { index: true } });
    if (!open || this.stopping) return;
    const lock = await this.lock();
    if (!lock) return;
    try {
      await this.submit.requeueInterrupted();
      await this.follow.execute();
      if (!this.stopping) await this.submit.execute();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [DISPATCH_LOCK]).catch(() => this.dropLockClient());
    }
  }

  /** The lock connection, holding the dispatch lock; undefined when another process holds it. */
  private async lock(): Promise<Client | undefined> {
    try {
      if (!this.lockClient) {
        const client = new Client({ connectionString: this.databaseUrl, application_name: 'auth0-gateway-import-dispatch' });
        client.on('error', () => this.dropLockClient());
        await client.connect();
        this.lockClient = client;
      }
      const { rows } = await this.lockClient.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [DISPATCH_LOCK]);
      return rows[0].locked ? this.lockClient : undefined;
    } catch (error) {
      this.dropLockClient();
      throw error;
    }
  }

  private dropLockClient(): void {
    const client = this.lockClient;
    this.lockClient = undefined;
    void client?.end().catch(() => undefined);
  }

  /** Deletes finished imports past `userImport.retentionHours`, at most once an hour. */
  private async housekeeping(now = Date.now()): Promise<void> {
    if (now - this.lastHousekeeping < HOUSEKEEPING_EVERY_MS) return;
    this.lastHousekeeping = now;
    const cutoff = new Date(now - this.config.service.userImport.retentionHours * 3600_000);
    const { count } = await this.prisma.userImportJob.deleteMany({ where: { createdAt: { lt: cutoff }, status: { in: ['completed', 'failed'] } } });
    if (count) this.logger.log({ count }, 'deleted expired import jobs');
  }
}
