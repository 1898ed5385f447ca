import { Injectable, Logger } from '@nestjs/common';
import { AuthEvent, AuthEventRecorder } from '../../common/auth-events/auth-event';
import { newLogId } from '../../common/auth-events/log-id';
import type { RequestContext } from '../../identity/identity.types';
import { LocalTenantSettings } from '../settings/local-tenant-settings';

/** What one log event is about; the common Auth0 fields are filled in by LocalTenantEvents. */
export interface LocalEventInput {
  type: string;
  description: string;
  client?: { id: string; name: string };
  connection?: { id: string; name: string };
  user?: { id?: string; name?: string };
  context?: RequestContext;
  audience?: string;
  scope?: string;
  details?: Record<string, unknown>;
}

/** Only a fixed-size hint of a secret (code, token) reaches a log event, as Auth0 masks them. */
export function maskSecret(value: string): string {
  return `${'*'.repeat(Math.max(0, Math.min(value.length, 45) - 3))}${value.slice(-3)}`;
}

/**
 * Emits the local tenant's events in Auth0's log format (the `data` of a log-stream record) through
 * the AuthEventRecorder. A recorder failure is logged, never turned into a failed login.
 */
@Injectable()
export class LocalTenantEvents {
  private readonly logger = new Logger(LocalTenantEvents.name);

  constructor(
    private readonly recorder: AuthEventRecorder,
    private readonly settings: LocalTenantSettings,
  ) {}

  build(input: LocalEventInput, now = new Date()): AuthEvent {
    const event: AuthEvent = {
      date: now.toISOString(),
      type: input.type,
      description: input.description,
      log_id: newLogId(now),
      tenant_name: this.settings.tenantName,
      environment_name: 'local',
      hostname: this.settings.hostname,
      client_id: input.client?.id ?? '',
      client_name: input.client?.name ?? '',
      details: input.details ?? {},
    };
    if (input.connection) {
      event.connection = input.connection.name;
      event.connection_id = input.connection.id;
    }
    // Every event of the local tenant is about its database connections.
    event.strategy = 'auth0';
    event.strategy_type = 'database';
    if (input.user?.id !== undefined) event.user_id = input.user.id;
    if (input.user?.name !== undefined) event.user_name = input.user.name;
    if (input.context?.ip) event.ip = input.context.ip;
    if (input.context?.userAgent) event.user_agent = input.context.userAgent;
    if (input.audience !== undefined) event.audience = input.audience;
    if (input.scope !== undefined) event.scope = input.scope;
    return event;
  }

  async emit(...inputs: LocalEventInput[]): Promise<void> {
    const events = inputs.map((input) => this.build(input));
    try {
      await this.recorder.record(events.length === 1 ? events[0] : events);
    } catch (error) {
      this.logger.warn({ err: error, types: events.map((e) => e.type) }, 'could not record local tenant events');
    }
  }
}
