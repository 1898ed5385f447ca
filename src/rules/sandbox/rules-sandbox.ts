import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { SandboxPool } from './sandbox-pool';
import type { PipelineRunRequest, PipelineRunResult, SandboxHooks, SandboxLimits } from './sandbox.types';

export function sandboxLimits(config: AppConfig['service']['rules']): SandboxLimits {
  return {
    cpuMs: config.perRuleCpuMs,
    memoryBytes: config.memoryLimitMb * 1024 * 1024,
    stackBytes: config.stackLimitKb * 1024,
    budgetMs: config.pipelineBudgetMs,
    maxResultBytes: config.maxResultBytes,
    http: { allowList: config.httpAllowList, timeoutMs: config.httpTimeoutMs, maxResponseBytes: config.httpMaxResponseBytes },
  };
}

/** The sandbox as the rest of the rules module sees it: the configured worker-thread pool. */
@Injectable()
export class RulesSandbox implements OnModuleDestroy {
  private readonly pool: SandboxPool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new SandboxPool(sandboxLimits(config.service.rules), config.service.rules.workers);
  }

  run(request: PipelineRunRequest, hooks: SandboxHooks): Promise<PipelineRunResult> {
    return this.pool.run(request, hooks);
  }

  warm(): void {
    this.pool.warm();
  }

  /** Forgets compiled definitions and every `global`. */
  reset(): void {
    this.pool.reset();
  }

  get stats(): { threads: number; recycles: number; replacements: number } {
    return { threads: this.pool.threadCount, recycles: this.pool.recycles, replacements: this.pool.replacements };
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }
}
