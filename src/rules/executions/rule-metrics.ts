import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../health/metrics.service';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

/** Prometheus metrics of the login pipeline, per rule (label `rule` is the definition's name). */
@Injectable()
export class RuleMetrics {
  readonly executions: Counter<'rule' | 'outcome'>;
  readonly duration: Histogram<'rule'>;
  readonly pipelines: Histogram<'outcome'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.executions = new Counter({ name: 'rule_executions_total', help: 'Rule and action executions by rule and outcome (allow, deny, error)', labelNames: ['rule', 'outcome'] as const, registers });
    this.duration = new Histogram({ name: 'rule_execution_duration_seconds', help: 'Time one rule or action took in a login', labelNames: ['rule'] as const, buckets: BUCKETS, registers });
    this.pipelines = new Histogram({ name: 'rule_pipeline_duration_seconds', help: 'Time the whole rules pipeline took per login, by outcome', labelNames: ['outcome'] as const, buckets: BUCKETS, registers });
  }

  observe(rules: Array<{ name: string; outcome: string; durationMs: number }>, outcome: string, totalMs: number): void {
    for (const rule of rules) {
      this.executions.inc({ rule: rule.name, outcome: rule.outcome });
      this.duration.observe({ rule: rule.name }, rule.durationMs / 1000);
    }
    this.pipelines.observe({ outcome }, totalMs / 1000);
  }
}
