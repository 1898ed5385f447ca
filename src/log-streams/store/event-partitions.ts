import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { PrismaService } from '../../database/prisma.service';
import { addMonths, monthOf, partitionMonth, partitionName, retentionCutoff } from './months';

/** Serialises partition changes across replicas. */
const PARTITIONS_LOCK_KEY = 72_707_380;
const MAINTENANCE_INTERVAL_MS = 60 * 60 * 1000;
/** Rows deleted per statement when clearing expired keys, so no delete holds locks for long. */
const DELETE_CHUNK = 10_000;

export interface RetentionReport {
  cutoff: Date;
  droppedPartitions: string[];
  deletedDefaultRows: number;
  deletedKeys: number;
}

/**
 * The monthly partitions of `log_events`. The current and the next month always have a partition
 * (created at start and checked hourly, so one exists before its first event arrives); events dated
 * outside every monthly partition go to the default partition, and their rows move to a month's
 * partition when it is created. Retention drops whole monthly partitions older than the current month
 * minus `retentionMonths`, and deletes the expired rows of the default partition and of the key,
 * outbox and quarantine tables. Every change runs under one advisory lock, so replicas take turns.
 */
@Injectable()
export class EventPartitions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventPartitions.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.maintain();
    this.timer = setInterval(() => {
      this.running ??= this.maintain()
        .catch((error: unknown) => this.logger.error({ err: error }, 'event store maintenance failed'))
        .finally(() => (this.running = undefined));
    }, MAINTENANCE_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Creates the partitions of this month and the next, then applies the retention. */
  async maintain(now = new Date()): Promise<void> {
    for (const month of [monthOf(now), addMonths(monthOf(now), 1)]) await this.ensurePartition(month);
    const report = await this.applyRetention(now);
    if (report.droppedPartitions.length || report.deletedDefaultRows || report.deletedKeys) this.logger.log(report, 'event store retention applied');
  }

  /** The names of the monthly partitions that exist, oldest first. */
  async monthlyPartitions(): Promise<string[]> {
    const rows = await this.prisma.$queryRawUnsafe<Array<{ name: string }>>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'log_events'::regclass ORDER BY 1`,
    );
    return rows.map((r) => r.name).filter((name) => partitionMonth(name) !== null);
  }

  /** Creates the partition of `month` unless it exists, moving that month's rows out of the default partition. Returns whether it created it. */
  async ensurePartition(month: Date): Promise<boolean> {
    const name = partitionName(monthOf(month));
    const from = monthOf(month).toISOString();
    const to = addMonths(monthOf(month), 1).toISOString();
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', PARTITIONS_LOCK_KEY);
        const [{ present }] = await tx.$queryRawUnsafe<Array<{ present: boolean }>>('SELECT to_regclass($1) IS NOT NULL AS present', name);
        if (present) return false;
        // Writers to the default partition wait while its rows of this month move (other months' partitions stay writable).
        await tx.$executeRawUnsafe('LOCK TABLE "log_events_default" IN EXCLUSIVE MODE');
        await tx.$executeRawUnsafe(`CREATE TABLE "${name}" (LIKE "log_events" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
        await tx.$executeRawUnsafe(
          `WITH moved AS (DELETE FROM "log_events_default" WHERE date >= $1::timestamptz AND date < $2::timestamptz RETURNING *) INSERT INTO "${name}" SELECT * FROM moved`,
          from,
          to,
        );
        // Attaching creates the partition's indexes from the parent's.
        await tx.$executeRawUnsafe(`ALTER TABLE "log_events" ATTACH PARTITION "${name}" FOR VALUES FROM ('${from}') TO ('${to}')`);
        this.logger.log(`created event partition ${name}`);
        return true;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }

  /** Drops the monthly partitions older than the retention and deletes the other expired rows. */
  async applyRetention(now = new Date()): Promise<RetentionReport> {
    const cutoff = retentionCutoff(now, this.config.service.logStreams.retentionMonths);
    const report: RetentionReport = { cutoff, droppedPartitions: [], deletedDefaultRows: 0, deletedKeys: 0 };
    for (const name of await this.monthlyPartitions()) {
      if ((partitionMonth(name) as Date) >= cutoff) continue;
      await this.prisma.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', PARTITIONS_LOCK_KEY);
          // Detaching locks the parent table briefly; give up (and retry in an hour) rather than queue behind long queries.
          await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '10s'`);
          await tx.$executeRawUnsafe(`ALTER TABLE "log_events" DETACH PARTITION "${name}"`);
          await tx.$executeRawUnsafe(`DROP TABLE "${name}"`);
        },
        { timeout: 60_000, maxWait: 30_000 },
      );
      report.droppedPartitions.push(name);
    }
    const at = cutoff.toISOString();
    report.deletedDefaultRows = await this.prisma.$executeRawUnsafe(`DELETE FROM "log_events_default" WHERE date < $1::timestamptz`, at);
    report.deletedKeys = await this.deleteInChunks('log_event_keys', 'date', at);
    await this.prisma.$executeRawUnsafe(`DELETE FROM "log_event_outbox" WHERE event_date < $1::timestamptz`, at);
    await this.prisma.$executeRawUnsafe(`DELETE FROM "log_event_dead_letters" WHERE event_date < $1::timestamptz`, at);
    await this.prisma.$executeRawUnsafe(`DELETE FROM "log_event_quarantine" WHERE received_at < $1::timestamptz`, at);
    return report;
  }

  private async deleteInChunks(table: string, column: string, before: string): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.prisma.$executeRawUnsafe(
        `DELETE FROM "${table}" WHERE ctid = ANY (ARRAY(SELECT ctid FROM "${table}" WHERE "${column}" < $1::timestamptz LIMIT ${DELETE_CHUNK}))`,
        before,
      );
      total += deleted;
      if (deleted < DELETE_CHUNK) return total;
    }
  }
}
