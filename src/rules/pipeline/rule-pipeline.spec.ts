import { Logger } from '@nestjs/common';
import { AuthEvent, AuthEventRecorder } from '../../common/auth-events/auth-event';
import { loadConfig } from '../../config/config.loader';
import type { RuleDefinition } from '../../generated/prisma/client';
import { MetricsService } from '../../health/metrics.service';
import type { IdentityUser } from '../../identity/identity.types';
import { testEnv } from '../../../test/utils/test-app';
import type { RuleDefinitionsService } from '../definitions/rule-definitions.service';
import type { RuleExecutionRecorder } from '../executions/rule-execution-recorder';
import { RuleMetrics } from '../executions/rule-metrics';
import { LoginDeniedError, LoginRulesInput } from '../login-rules.port';
import { RulesSandbox } from '../sandbox/rules-sandbox';
import type { RuleSecretsService } from '../secrets/rule-secrets.service';
import { GeoipLookup } from './geoip';
import { mergeMetadata } from './login-context';
import { PipelineDefinitions } from './pipeline-definitions';
import { RulePipeline } from './rule-pipeline';
import type { MetadataField, RuleUserStore } from './rule-user-store';

/** The identity provider as rules see it, in memory. */
class InMemoryRuleUsers {
  readonly writes: Array<{ userId: string; changes: Partial<Record<MetadataField, Record<string, unknown>>> }> = [];
  constructor(readonly users: Map<string, IdentityUser>) {}
  async getUser(userId: string): Promise<IdentityUser> {
    const user = this.users.get(userId);
    if (!user) throw new Error('no such user');
    return user;
  }
  async updateMetadata(userId: string, changes: Partial<Record<MetadataField, Record<string, unknown>>>): Promise<IdentityUser> {
    const user = await this.getUser(userId);
    this.writes.push({ userId, changes });
    const updated = { ...user };
    for (const field of ['app_metadata', 'user_metadata'] as const) if (changes[field]) updated[field] = mergeMetadata(user[field], changes[field] as Record<string, unknown>);
    this.users.set(userId, updated);
    return updated;
  }
}

let order = 0;
function definition(name: string, script: string, kind: 'rule' | 'action' = 'rule'): RuleDefinition {
  order++;
  return { id: `00000000-0000-4000-8000-${String(order).padStart(12, '0')}`, name, kind, script, order, enabled: true, stage: 'login_success', version: 1, createdAt: new Date(), updatedAt: new Date() };
}

describe('RulePipeline metadata writes', () => {
  const config = loadConfig(testEnv());
  const sandbox = new RulesSandbox(config);
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => sandbox.onModuleDestroy());

  const ada: IdentityUser = { user_id: 'auth0|ada', email: 'ada@example.com', identities: [], created_at: '', updated_at: '', app_metadata: { plan: 'free', legacy: true }, user_metadata: {} };
  const bob: IdentityUser = { user_id: 'auth0|bob', identities: [], created_at: '', updated_at: '', app_metadata: { role: 'user' } };

  function setup(rows: RuleDefinition[], secrets: Record<string, string> = {}) {
    const users = new InMemoryRuleUsers(new Map([[ada.user_id, ada], [bob.user_id, bob]]));
    const events: AuthEvent[] = [];
    const pipeline = new RulePipeline(
      { enabled: async () => rows } as unknown as RuleDefinitionsService,
      new PipelineDefinitions({ visibleTo: async () => secrets } as unknown as RuleSecretsService, config),
      sandbox,
      users as unknown as RuleUserStore,
      new GeoipLookup(config),
      { record: () => undefined } as unknown as RuleExecutionRecorder,
      new RuleMetrics(new MetricsService()),
      { record: async (e: AuthEvent | AuthEvent[]) => void events.push(...[e].flat()) } as AuthEventRecorder,
      config,
    );
    return { pipeline, users, events };
  }
  const input = (user: IdentityUser): LoginRulesInput => ({ user, protocol: 'oauth2-password', client: { clientId: 'web', name: 'Web' }, connection: { name: 'db', strategy: 'auth0' }, request: {} });

  it("writes a rule's updateAppMetadata at once and an action's changes in one write after the pipeline", async () => {
    const { pipeline, users } = setup([
      definition('count', 'function (user, context, callback) { user.app_metadata.logins = 1; user.app_metadata.legacy = null; auth0.users.updateAppMetadata(user.user_id, user.app_metadata).then(function () { callback(null, user, context); }, callback); }'),
      definition('sees-it', "function (user, context, callback) { context.idToken['https://x/logins'] = user.app_metadata.logins; callback(null, user, context); }"),
      definition('batch', "exports.onExecutePostLogin = async (event, api) => { api.user.setAppMetadata('plan', 'pro'); api.user.setUserMetadata('theme', 'dark'); api.user.setAppMetadata('visits', 2); };", 'action'),
    ]);
    const outcome = await pipeline.run(input(ada));
    expect(users.writes).toEqual([
      { userId: 'auth0|ada', changes: { app_metadata: { plan: 'free', logins: 1, legacy: null } } },
      { userId: 'auth0|ada', changes: { app_metadata: { plan: 'pro', visits: 2 }, user_metadata: { theme: 'dark' } } },
    ]);
    expect(users.users.get('auth0|ada')?.app_metadata).toEqual({ plan: 'pro', logins: 1, visits: 2 });
    expect(users.users.get('auth0|ada')?.user_metadata).toEqual({ theme: 'dark' });
    expect(outcome.idTokenClaims).toEqual({ 'https://x/logins': 1 });
    expect(outcome.user.app_metadata).toEqual({ plan: 'pro', logins: 1, visits: 2 });
  });

  it("refuses a write to another user's metadata and leaves that user untouched", async () => {
    const { pipeline, users, events } = setup([definition('escalate', "function (user, context, callback) { auth0.users.updateAppMetadata('auth0|bob', { role: 'admin' }).then(function () { callback(null, user, context); }, callback); }")]);
    const error = await pipeline.run(input(ada)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(users.writes).toEqual([]);
    expect(users.users.get('auth0|bob')?.app_metadata).toEqual({ role: 'user' });
    expect(events).toEqual([expect.objectContaining({ type: 'f', user_id: 'auth0|ada', details: expect.objectContaining({ rule: 'escalate', error: expect.objectContaining({ message: 'rules may only update the metadata of the user who is logging in' }) }) })]);
  });

  it('keeps secret values out of denial messages and failure events', async () => {
    const { pipeline, events } = setup([definition('leaky', "function (user, context, callback) { callback(new UnauthorizedError('key ' + configuration.API_KEY)); }")], { API_KEY: 'sk_live_0123' });
    await expect(pipeline.run(input(ada))).rejects.toThrow('key [secret]');
    expect(JSON.stringify(events)).not.toContain('sk_live_0123');
  });

  it('keeps the changes of a flow that denied access, and drops those of one that failed', async () => {
    const denying = setup([definition('mark-and-deny', "exports.onExecutePostLogin = async (event, api) => { api.user.setAppMetadata('blocked', true); api.access.deny(); };", 'action')]);
    await expect(denying.pipeline.run(input(ada))).rejects.toThrow('Access denied.');
    expect(denying.users.writes).toEqual([{ userId: 'auth0|ada', changes: { app_metadata: { blocked: true } } }]);

    const failing = setup([
      definition('sets', "exports.onExecutePostLogin = async (event, api) => { api.user.setAppMetadata('half', true); };", 'action'),
      definition('throws', "exports.onExecutePostLogin = async () => { throw new Error('boom'); };", 'action'),
    ]);
    await expect(failing.pipeline.run(input(ada))).rejects.toBeInstanceOf(LoginDeniedError);
    expect(failing.users.writes).toEqual([]);
  });
});
