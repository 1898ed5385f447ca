import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { AuthEvent, AuthEventRecorder } from '../common/auth-events/auth-event';

// Interim recorder until the event store exists: events are written to the service log.
@Injectable()
class LogOnlyAuthEventRecorder extends AuthEventRecorder {
  private readonly logger = new Logger('AuthEvents');
  async record(events: AuthEvent | AuthEvent[]): Promise<void> {
    for (const event of Array.isArray(events) ? events : [events]) this.logger.log({ event: { type: event.type, user_id: event.user_id, client_id: event.client_id } });
  }
}

/** Auth0 log-stream ingestion, the event store, and the recorder of the gateway's own events. */
@Global()
@Module({
  providers: [{ provide: AuthEventRecorder, useClass: LogOnlyAuthEventRecorder }],
  exports: [AuthEventRecorder],
})
export class LogStreamsModule {}
