import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthEventRecorder } from '../../common/auth-events/auth-event';
import { newLogId } from '../../common/auth-events/log-id';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import type { IdentityUser } from '../../identity/identity.types';
import { RuleDefinitionsService } from '../definitions/rule-definitions.service';
import { RuleExecutionRecorder } from '../executions/rule-execution-recorder';
import { RuleMetrics } from '../executions/rule-metrics';
import { LoginDeniedError, LoginRules, LoginRulesInput, LoginRulesOutcome } from '../login-rules.port';
import { RulesSandbox } from '../sandbox/rules-sandbox';
import type { MetadataWrite, PipelineRunResult, SandboxLog } from '../sandbox/sandbox.types';
import { GeoipLookup } from './geoip';
import { jsonCopy, outcomeFrom, rulesContextFor } from './login-context';
import { PipelineDefinitions } from './pipeline-definitions';
import { redactSecrets } from './redact-secrets';
import { RuleUserStore } from './rule-user-store';

const SOCIAL_STRATEGIES = new Set(['google-oauth2', 'facebook', 'github', 'apple', 'twitter', 'linkedin', 'windowslive', 'amazon', 'bitbucket', 'dropbox', 'oauth2']);

/** The message of a denial that gave none (`api.access.deny()`, `new UnauthorizedError()`). */
const DEFAULT_DENIAL = 'Access denied.';

export const GENERIC_DENIAL = 'The login could not be completed because a rule failed.';

/**
 * The login pipeline: every enabled rule and action, in order, in the sandbox, for every login the
 * gateway handles (password, code, refresh). It returns the namespaced claims and scopes for the
 * tokens, or throws LoginDeniedError (and records an `f` event naming the rule).
 */
@Injectable()
export class RulePipeline extends LoginRules implements OnApplicationBootstrap {
  private readonly logger = new Logger('RulePipeline');

  constructor(
    private readonly definitions: RuleDefinitionsService,
    private readonly prepared: PipelineDefinitions,
    private readonly sandbox: RulesSandbox,
    private readonly users: RuleUserStore,
    private readonly geoip: GeoipLookup,
    private readonly executions: RuleExecutionRecorder,
    private readonly metrics: RuleMetrics,
    private readonly events: AuthEventRecorder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** With definitions enabled, a sandbox thread starts with the service rather than on the first login. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.service.rules.enabled) return;
    try {
      if ((await this.definitions.enabled()).length > 0) this.sandbox.warm();
    } catch (error) {
      this.logger.warn(`rules sandbox not warmed up: ${(error as Error).message}`);
    }
  }

  async run(input: LoginRulesInput): Promise<LoginRulesOutcome> {
    const passThrough = { user: input.user, idTokenClaims: {}, accessTokenClaims: {}, scopes: input.scopes };
    if (!this.config.service.rules.enabled) return passThrough;
    const rows = await this.definitions.enabled();
    if (rows.length === 0) return passThrough;

    const definitions = await this.prepared.prepare(rows);
    const started = performance.now();
    const userId = input.user.user_id;
    const result = await this.sandbox.run(
      {
        definitions,
        user: jsonCopy(input.user) as unknown as Record<string, unknown>,
        context: rulesContextFor(input, this.prepared.tenant, this.geoip.lookup(input.request.ip)),
        domain: this.prepared.tenant.domain,
      },
      { updateMetadata: (write) => this.writeMetadata(userId, write) },
    );
    const totalMs = performance.now() - started;
    // What leaves the pipeline for logs, records, events and error messages carries no secret value.
    const { rules, logs, warnings, failure: maskedFailure } = redactSecrets(
      { rules: result.rules, logs: result.logs, warnings: result.warnings, failure: result.failure },
      definitions.flatMap((d) => Object.values(d.secrets)),
    );

    const versions = new Map(definitions.map((d) => [d.id, d.version]));
    const runId = randomUUID();
    this.executions.record(
      rules.map((r) => ({
        runId,
        ruleId: r.id,
        ruleVersion: versions.get(r.id) ?? 0,
        outcome: r.outcome,
        durationMs: r.durationMs,
        errorName: r.error?.name,
        errorMessage: r.error?.message,
        userId,
        clientId: input.client.clientId,
        protocol: input.protocol,
      })),
    );
    this.metrics.observe(rules, result.outcome, totalMs);
    this.log(logs, warnings, userId);

    let stored: IdentityUser | undefined;
    if (result.outcome !== 'error') {
      try {
        stored = await this.writeBatch(userId, result);
      } catch (error) {
        this.logger.error({ err: error, userId }, 'writing the metadata changes of the pipeline failed');
        const recorded = await this.recordFailure(input, { rule: rules.at(-1)?.name ?? '', name: 'Error', message: 'metadata write failed' });
        throw new LoginDeniedError('access_denied', GENERIC_DENIAL, undefined, recorded);
      }
    }
    if (result.outcome === 'allow') return outcomeFrom(input, result, stored);

    const failure = maskedFailure ?? { kind: 'error', name: 'Error', message: 'unknown failure', rule: '', ruleId: '' };
    const recorded = await this.recordFailure(input, failure);
    if (failure.kind === 'unauthorized') throw new LoginDeniedError('unauthorized', failure.message || DEFAULT_DENIAL, failure.rule, recorded);
    if (failure.kind === 'denied') throw new LoginDeniedError('access_denied', failure.message || DEFAULT_DENIAL, failure.rule, recorded);
    this.logger.warn({ rule: failure.rule, error: { name: failure.name, message: failure.message, kind: failure.kind }, userId }, `rule "${failure.rule}" failed the login`);
    throw new LoginDeniedError('access_denied', GENERIC_DENIAL, failure.rule, recorded);
  }

  private async writeMetadata(userId: string, write: MetadataWrite): Promise<Record<string, unknown>> {
    if (write.userId !== userId) throw new Error('rules may only update the metadata of the user who is logging in');
    const user = await this.users.updateMetadata(userId, { [write.field]: write.metadata });
    return user[write.field] ?? {};
  }

  /** Actions' api.user.set*Metadata changes: one write after the pipeline. */
  private async writeBatch(userId: string, result: PipelineRunResult): Promise<IdentityUser | undefined> {
    const changes: Partial<Record<'app_metadata' | 'user_metadata', Record<string, unknown>>> = {};
    if (Object.keys(result.metadata.app_metadata).length) changes.app_metadata = result.metadata.app_metadata;
    if (Object.keys(result.metadata.user_metadata).length) changes.user_metadata = result.metadata.user_metadata;
    if (!changes.app_metadata && !changes.user_metadata) return undefined;
    return this.users.updateMetadata(userId, changes);
  }

  private log(logs: SandboxLog[], warnings: SandboxLog[], userId: string): void {
    for (const entry of logs) this.logger.debug({ rule: entry.rule, userId, level: entry.level }, entry.message);
    for (const entry of warnings) this.logger.warn({ rule: entry.rule, userId }, entry.message);
  }

  /** Records the `f` event; false when the recorder failed (the caller may then record its own). */
  private async recordFailure(input: LoginRulesInput, failure: { rule: string; name: string; message: string; kind?: string }): Promise<boolean> {
    const described = failure.kind === 'unauthorized' || failure.kind === 'denied' ? failure.message || DEFAULT_DENIAL : GENERIC_DENIAL;
    const now = new Date();
    const strategy = input.connection.strategy;
    try {
      await this.events.record({
        type: 'f',
        date: now.toISOString(),
        log_id: newLogId(now),
        description: described,
        tenant_name: this.prepared.tenant.tenant,
        environment_name: this.prepared.tenant.environment,
        hostname: input.request.hostname ?? this.prepared.tenant.domain.replace(/:\d+$/, ''),
        client_id: input.client.clientId,
        client_name: input.client.name,
        connection: input.connection.name,
        connection_id: input.connection.id,
        strategy,
        strategy_type: strategy === 'auth0' ? 'database' : SOCIAL_STRATEGIES.has(strategy) ? 'social' : 'enterprise',
        user_id: input.user.user_id,
        user_name: input.user.email ?? input.user.username,
        ip: input.request.ip,
        user_agent: input.request.userAgent,
        details: {
          rule: failure.rule,
          stage: 'login_success',
          protocol: input.protocol,
          error: { oauthError: failure.kind === 'unauthorized' ? 'unauthorized' : 'access_denied', message: failure.message, name: failure.name, kind: failure.kind },
        },
      });
      return true;
    } catch (error) {
      this.logger.error({ err: error }, 'could not record the failed login event');
      return false;
    }
  }
}
