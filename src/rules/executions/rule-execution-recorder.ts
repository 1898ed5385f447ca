import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { PrismaService } from '../../database/prisma.service';
import type { RuleExecution } from '../../generated/prisma/client';

export interface ExecutionRecord {
  runId: string;
  ruleId: string;
  ruleVersion: number;
  outcome: 'allow' | 'deny' | 'error';
  durationMs: number;
  errorName?: string;
  errorMessage?: string;
  userId?: string;
  clientId?: string;
  protocol?: string;
}

const FLUSH_INTERVAL_MS = 1000;
const FLUSH_SIZE = 200;
const MAX_BUFFERED = 10_000;
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
const MAX_ERROR_CHARS = 1000;

/**
 * Execution records of every login: buffered and written in batches so a login never waits for
 * them, flushed at shutdown, and deleted after `rules.executionRetentionDays`.
 */
@Injectable()
export class RuleExecutionRecorder implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RuleExecutionRecorder.name);
  private buffer: ExecutionRecord[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    void this.sweep();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.flush();
  }

  record(records: ExecutionRecord[]): void {
    if (records.length === 0) return;
    if (this.buffer.length + records.length > MAX_BUFFERED) {
      this.logger.warn(`execution records dropped: ${records.length} (the database is not keeping up)`);
      return;
    }
    this.buffer.push(...records);
    if (this.buffer.length >= FLUSH_SIZE) void this.flush();
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
      this.flushTimer.unref();
    }
  }

  /** Writes everything buffered so far. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.prisma.ruleExecution.createMany({
          data: batch.map((r) => ({ ...r, errorMessage: r.errorMessage?.slice(0, MAX_ERROR_CHARS) })),
        });
      } catch (error) {
        // A rule deleted meanwhile makes its records fail the foreign key: write the others.
        const existing = new Set((await this.prisma.ruleDefinition.findMany({ select: { id: true } }).catch(() => [])).map((r) => r.id));
        const kept = batch.filter((r) => existing.has(r.ruleId));
        if (kept.length && kept.length < batch.length) await this.prisma.ruleExecution.createMany({ data: kept }).catch(() => undefined);
        else this.logger.warn(`could not write ${batch.length} execution records: ${(error as Error).message}`);
      }
    });
    return this.flushing;
  }

  async list(ruleId: string, options: { limit: number; before?: Date }): Promise<RuleExecution[]> {
    await this.flush();
    return this.prisma.ruleExecution.findMany({
      where: { ruleId, ...(options.before ? { createdAt: { lt: options.before } } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit,
    });
  }

  /** Deletes records older than the retention window; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.service.rules.executionRetentionDays * 86_400_000);
    try {
      const { count } = await this.prisma.ruleExecution.deleteMany({ where: { createdAt: { lt: cutoff } } });
      return count;
    } catch (error) {
      this.logger.warn(`execution record retention sweep failed: ${(error as Error).message}`);
      return 0;
    }
  }
}
