import { Global, Module } from '@nestjs/common';
import { RuleDefinitionsService } from './definitions/rule-definitions.service';
import { RuleImport } from './deploy/rule-import.usecase';
import { RuleExecutionRecorder } from './executions/rule-execution-recorder';
import { RuleMetrics } from './executions/rule-metrics';
import { LoginRules } from './login-rules.port';
import { GeoipLookup } from './pipeline/geoip';
import { PipelineDefinitions } from './pipeline/pipeline-definitions';
import { RuleDryRun } from './pipeline/rule-dry-run.usecase';
import { RulePipeline } from './pipeline/rule-pipeline';
import { RuleUserStore } from './pipeline/rule-user-store';
import { RuleSecretsController } from './rule-secrets.controller';
import { RulesController } from './rules.controller';
import { RulesSandbox } from './sandbox/rules-sandbox';
import { RuleSecretsService } from './secrets/rule-secrets.service';

/** Rules and actions: definitions, secrets, the sandboxed login pipeline, dry runs, execution records. */
@Global()
@Module({
  controllers: [RuleSecretsController, RulesController],
  providers: [
    RuleDefinitionsService,
    RuleSecretsService,
    RuleImport,
    RuleExecutionRecorder,
    RuleMetrics,
    GeoipLookup,
    PipelineDefinitions,
    RuleUserStore,
    RulesSandbox,
    RuleDryRun,
    RulePipeline,
    { provide: LoginRules, useExisting: RulePipeline },
  ],
  exports: [LoginRules, RulePipeline, RuleImport],
})
export class RulesModule {}
