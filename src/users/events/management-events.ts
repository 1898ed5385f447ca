import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthEvent, AuthEventRecorder } from '../../common/auth-events/auth-event';
import { newLogId } from '../../common/auth-events/log-id';
import type { AuthenticatedAdmin } from '../../common/admin-auth/api-keys.service';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import type { RequestContext } from '../../identity/identity.types';

/** Who made a management change: an admin API key, or the operator at the CLI. */
export type ManagementActor = { kind: 'admin_api_key'; admin: AuthenticatedAdmin } | { kind: 'cli' };

export interface ManagementWrite {
  /** What was done, in Auth0's words (`Create a User`, `Delete a User`, …). */
  description: string;
  method: 'post' | 'patch' | 'delete';
  /** The gateway path called, e.g. `/users/auth0%7C…`. */
  path: string;
  statusCode: number;
  actor: ManagementActor;
  context: RequestContext;
  /** The user changed, when there is one. */
  target?: { userId: string; userName?: string; connection?: string };
  body?: Record<string, unknown>;
  response?: Record<string, unknown>;
}

/**
 * The tenant the change goes to, named as Auth0 names tenants in events: the first label of the
 * Auth0 domain, or of the local tenant's issuer host.
 */
function tenantNameOf(config: AppConfig, publicUrl: string): string {
  const provider = config.service.identityProvider;
  if (provider.type === 'auth0') return provider.domain.split('.')[0];
  return new URL(config.service.localTenant.issuerBaseUrl ?? publicUrl).hostname.split('.')[0];
}

/** A request body as an event may show it: a password is masked as Auth0 masks it. */
export function maskedBody(body: object): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...body };
  if (copy.password !== undefined) copy.password = '*****';
  return copy;
}

/**
 * Records a `sapi` event (Auth0's "successful Management API operation") for each change made
 * through the gateway's management API: who (the admin key), what (method, path, body) and which
 * user. It is the gateway's own record of the call: the identity provider records its own events
 * for what it does in turn (Auth0 through its log stream, the local tenant directly) — `ss`, `sdu`,
 * and its `sapi` for its Management API path — so neither duplicates the other. A recorder failure
 * is logged: the change itself has been made.
 */
@Injectable()
export class ManagementEvents {
  private readonly logger = new Logger(ManagementEvents.name);
  private readonly hostname: string;
  private readonly tenantName: string;

  constructor(
    private readonly recorder: AuthEventRecorder,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const publicUrl = config.env.PUBLIC_URL ?? `http://localhost:${config.env.PORT}`;
    this.hostname = new URL(publicUrl).hostname;
    this.tenantName = tenantNameOf(config, publicUrl);
  }

  build(write: ManagementWrite, now = new Date()): AuthEvent {
    const { actor } = write;
    const auth =
      actor.kind === 'admin_api_key'
        ? { strategy: 'admin_api_key', credentials: { key_id: actor.admin.keyId, key_name: actor.admin.name, scopes: actor.admin.scopes } }
        : { strategy: 'cli' };
    const event: AuthEvent = {
      type: 'sapi',
      description: write.description,
      date: now.toISOString(),
      log_id: newLogId(now),
      client_id: actor.kind === 'admin_api_key' ? actor.admin.keyId : '',
      client_name: actor.kind === 'admin_api_key' ? actor.admin.name : 'cli',
      hostname: this.hostname,
      tenant_name: this.tenantName,
      environment_name: 'auth0-gateway',
      details: {
        request: {
          method: write.method,
          path: write.path,
          channel: 'auth0-gateway',
          auth,
          ...(write.body ? { body: maskedBody(write.body) } : {}),
        },
        response: { statusCode: write.statusCode, body: write.response ?? {} },
      },
    };
    if (write.target) {
      event.user_id = write.target.userId;
      if (write.target.userName !== undefined) event.user_name = write.target.userName;
      if (write.target.connection !== undefined) event.connection = write.target.connection;
    }
    if (write.context.ip) event.ip = write.context.ip;
    if (write.context.userAgent) event.user_agent = write.context.userAgent;
    return event;
  }

  async record(write: ManagementWrite): Promise<void> {
    try {
      await this.recorder.record(this.build(write));
    } catch (error) {
      this.logger.warn({ err: error, path: write.path, method: write.method }, 'could not record the management event');
    }
  }
}
