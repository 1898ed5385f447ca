import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';
import { RuleDefinitionsService } from '../definitions/rule-definitions.service';
import type { TryResultDto } from '../dto/rule-try.dto';
import type { RuleDefinition } from '../../generated/prisma/client';
import { RulesSandbox } from '../sandbox/rules-sandbox';
import type { MetadataWrite } from '../sandbox/sandbox.types';
import { GeoipLookup } from './geoip';
import { jsonCopy, mergeMetadata, scopesFrom } from './login-context';
import { PipelineDefinitions } from './pipeline-definitions';
import { redactSecrets } from './redact-secrets';
import { RuleUserStore } from './rule-user-store';

export interface DryRunInput {
  user?: Record<string, unknown>;
  userId?: string;
  context?: Record<string, unknown>;
}

function defaultContext(tenant: string): Record<string, unknown> {
  return {
    tenant,
    clientID: 'dry-run',
    clientName: 'Dry run',
    clientMetadata: {},
    connection: 'Username-Password-Authentication',
    connectionStrategy: 'auth0',
    protocol: 'oauth2-password',
    stats: { loginsCount: 1 },
    sso: { with_auth0: false, with_dbconn: false },
    request: { ip: '127.0.0.1', userAgent: 'dry-run', hostname: 'localhost', query: {}, body: {} },
    authentication: { methods: [{ name: 'pwd', timestamp: Date.now() }] },
    authorization: { roles: [] },
    idToken: {},
    accessToken: { scope: ['openid'] },
  };
}

/**
 * Runs the enabled pipeline, or one definition, on a given user and context without persisting
 * anything: metadata writes are applied to the returned user only, and no execution record, metric
 * or event is written. Outbound HTTP calls are made for real. Secret values in the answer are masked.
 */
@Injectable()
export class RuleDryRun {
  constructor(
    private readonly definitions: RuleDefinitionsService,
    private readonly prepared: PipelineDefinitions,
    private readonly sandbox: RulesSandbox,
    private readonly users: RuleUserStore,
    private readonly geoip: GeoipLookup,
  ) {}

  async run(input: DryRunInput, definitionId?: string): Promise<TryResultDto> {
    const rows: RuleDefinition[] = definitionId ? [await this.definitions.get(definitionId)] : await this.definitions.enabled();
    const user = await this.userFor(input);
    const base = defaultContext(this.prepared.tenant.tenant);
    const given = input.context ?? {};
    const context: Record<string, unknown> = { ...base, ...jsonCopy(given) };
    const request = { ...(base.request as object), ...((given.request as object | undefined) ?? {}) } as Record<string, unknown>;
    if (request.geoip === undefined) request.geoip = this.geoip.lookup(typeof request.ip === 'string' ? request.ip : undefined);
    context.request = request;

    const simulated = { user };
    const updateMetadata = async (write: MetadataWrite) => {
      if (write.userId !== user.user_id) throw new Error('rules may only update the metadata of the user who is logging in');
      const merged = mergeMetadata(simulated.user[write.field] as Record<string, unknown> | undefined, write.metadata);
      simulated.user = { ...simulated.user, [write.field]: merged };
      return merged;
    };
    const definitions = await this.prepared.prepare(rows);
    const result = await this.sandbox.run({ definitions, user, context, domain: this.prepared.tenant.domain }, { updateMetadata });
    const secrets = definitions.flatMap((d) => Object.values(d.secrets));

    const finalUser = { ...result.user, user_id: user.user_id } as Record<string, unknown>;
    for (const field of ['app_metadata', 'user_metadata'] as const) {
      const changes = result.metadata[field];
      if (Object.keys(changes).length) finalUser[field] = mergeMetadata(finalUser[field] as Record<string, unknown> | undefined, changes);
    }
    const idToken = (result.context.idToken ?? {}) as Record<string, unknown>;
    const { scope: _scope, ...accessTokenClaims } = (result.context.accessToken ?? {}) as Record<string, unknown>;
    const failure = result.failure;
    return redactSecrets<TryResultDto>({
      outcome: result.outcome,
      user: finalUser,
      idTokenClaims: idToken,
      accessTokenClaims,
      scopes: scopesFrom(result.context, []) ?? [],
      error: failure ? { name: failure.name, message: failure.message, rule: failure.rule, line: failure.line, column: failure.column } : null,
      logs: result.logs,
      warnings: result.warnings,
      rules: result.rules.map((r) => ({ name: r.name, outcome: r.outcome, durationMs: Math.round(r.durationMs * 1000) / 1000 })),
    }, secrets);
  }

  private async userFor(input: DryRunInput): Promise<Record<string, unknown>> {
    if (input.user && input.userId) throw ApiError.badRequest('invalid_dry_run', 'Give either user or userId, not both.');
    if (input.userId) return jsonCopy(await this.users.getUser(input.userId)) as unknown as Record<string, unknown>;
    if (!input.user) throw ApiError.badRequest('invalid_dry_run', 'Give the user to run the rules for (user) or the id of one (userId).');
    if (typeof input.user.user_id !== 'string' || !input.user.user_id) throw ApiError.badRequest('invalid_dry_run', 'user.user_id is required.', [{ path: 'user.user_id', message: 'user.user_id must be a non-empty string' }]);
    return jsonCopy(input.user);
  }
}
