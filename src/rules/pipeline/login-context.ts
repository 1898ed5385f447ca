import type { IdentityUser } from '../../identity/identity.types';
import type { LoginRulesInput, LoginRulesOutcome } from '../login-rules.port';
import type { PipelineRunResult } from '../sandbox/sandbox.types';
import type { RulesGeoip } from './geoip';

/** Request body fields rules never see. */
const CREDENTIALS = new Set(['password', 'client_secret', 'refresh_token', 'code_verifier', 'client_assertion', 'otp', 'binding_code']);

export interface TenantInfo {
  /** `context.tenant` / `event.tenant.id`, and `tenant_name` of log events. */
  tenant: string;
  /** `environment_name` of log events. */
  environment: string;
  /** `auth0.domain`. */
  domain: string;
}

function withoutCredentials(body: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!body) return undefined;
  return Object.fromEntries(Object.entries(body).filter(([k]) => !CREDENTIALS.has(k.toLowerCase())));
}

/** A JSON copy: what crosses into the sandbox is data, never a host object. */
export function jsonCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The `context` argument of a rule for this login (actions get the equivalent `event`). */
export function rulesContextFor(input: LoginRulesInput, tenant: TenantInfo, geoip: RulesGeoip | undefined, now = new Date()): Record<string, unknown> {
  const methods = input.authentication?.methods ?? (input.protocol === 'oauth2-password' || input.protocol === 'oauth2-resource-owner' ? [{ name: 'pwd', timestamp: now.getTime() }] : []);
  return jsonCopy({
    tenant: tenant.tenant,
    clientID: input.client.clientId,
    clientName: input.client.name,
    clientMetadata: input.client.metadata ?? {},
    connection: input.connection.name,
    connectionID: input.connection.id,
    connectionStrategy: input.connection.strategy,
    connectionOptions: {},
    protocol: input.protocol,
    stats: { loginsCount: input.user.logins_count ?? 0 },
    sso: { with_auth0: false, with_dbconn: false },
    sessionID: input.sessionId,
    request: {
      ip: input.request.ip,
      userAgent: input.request.userAgent,
      hostname: input.request.hostname,
      method: input.request.method,
      language: input.request.language,
      query: input.request.query ?? {},
      body: withoutCredentials(input.request.body) ?? {},
      geoip,
    },
    authentication: { methods },
    authorization: { roles: [] },
    idToken: {},
    accessToken: { scope: input.scopes ?? [] },
  });
}

function claimsOf(token: unknown, skip?: string): Record<string, unknown> {
  if (!token || typeof token !== 'object' || Array.isArray(token)) return {};
  return Object.fromEntries(Object.entries(token as Record<string, unknown>).filter(([k]) => k !== skip));
}

/** The scopes a pipeline left on `context.accessToken.scope` (strings only; the input's when unusable). */
export function scopesFrom(context: Record<string, unknown>, fallback?: string[]): string[] | undefined {
  const scope = (context.accessToken as { scope?: unknown } | undefined)?.scope;
  if (Array.isArray(scope)) return scope.filter((s): s is string => typeof s === 'string');
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean);
  return fallback;
}

/**
 * What the caller gets from a pipeline that allowed the login. A rule cannot change who the user
 * is: `user_id` and `identities` always stay those of the authenticated user. `stored` is the user
 * as written after the pipeline's batched metadata changes, when there were any.
 */
export function outcomeFrom(input: LoginRulesInput, result: PipelineRunResult, stored?: IdentityUser): LoginRulesOutcome {
  const changed = result.user as unknown as IdentityUser;
  const metadata = stored ? { app_metadata: stored.app_metadata, user_metadata: stored.user_metadata } : {};
  return {
    user: { ...changed, user_id: input.user.user_id, identities: input.user.identities, ...metadata },
    idTokenClaims: claimsOf(result.context.idToken),
    accessTokenClaims: claimsOf(result.context.accessToken, 'scope'),
    scopes: scopesFrom(result.context, input.scopes),
  };
}

/** First-level merge where `null` deletes, as Auth0 merges metadata. */
export function mergeMetadata(current: Record<string, unknown> | undefined, changes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(changes)) {
    if (key === '__proto__') continue;
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}
