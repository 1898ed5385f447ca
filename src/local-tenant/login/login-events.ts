import { HttpException, Injectable } from '@nestjs/common';
import type { LocalUser } from '../../generated/prisma/client';
import type { RequestContext } from '../../identity/identity.types';
import { LocalEventInput, LocalTenantEvents } from '../events/local-tenant-events';
import type { LocalConnection } from '../settings/local-tenant-settings';
import { LOCAL_USER_ID_PREFIX, loginNameOf } from '../users/user-mapper';

/** The message a failure event carries: the caller's error message, never an internal one. */
export function failureMessage(error: unknown): string {
  return error instanceof HttpException ? error.message : 'An unexpected error occurred';
}

/** Who, where and through which application a login happens: what every login event repeats. */
export interface LoginSubject {
  client: { id: string; name: string };
  connection?: LocalConnection;
  user?: LocalUser;
  /** The login name typed in, for events about unknown users. */
  login?: string;
  context?: RequestContext;
}

/** The Auth0 log events of logins and token exchanges. */
@Injectable()
export class LoginEvents {
  constructor(private readonly events: LocalTenantEvents) {}

  input(subject: LoginSubject, type: string, description: string, extra: Partial<LocalEventInput> = {}): LocalEventInput {
    return {
      type,
      description,
      client: subject.client,
      connection: subject.connection ? { id: subject.connection.id, name: subject.connection.name } : undefined,
      user: subject.user
        ? { id: `${LOCAL_USER_ID_PREFIX}${subject.user.id}`, name: loginNameOf(subject.user) }
        : subject.login !== undefined
          ? { name: subject.login }
          : undefined,
      context: subject.context,
      ...extra,
    };
  }

  emit(subject: LoginSubject, type: string, description: string, extra: Partial<LocalEventInput> = {}): Promise<void> {
    return this.events.emit(this.input(subject, type, description, extra));
  }

  /** A failure, with Auth0's `details.error`. */
  failed(subject: LoginSubject, type: string, message: string, extra: Partial<LocalEventInput> = {}): Promise<void> {
    return this.emit(subject, type, message, { ...extra, details: { ...extra.details, error: { message } } });
  }

  emitAll(...inputs: LocalEventInput[]): Promise<void> {
    return this.events.emit(...inputs);
  }
}
