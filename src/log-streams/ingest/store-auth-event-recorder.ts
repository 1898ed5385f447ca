import { Injectable } from '@nestjs/common';
import { AuthEvent, AuthEventRecorder } from '../../common/auth-events/auth-event';
import { newLogId } from '../../common/auth-events/log-id';
import { GATEWAY_STREAM } from '../../config/schema/log-streams.schema';
import type { LogEvent } from '../events/log-event';
import { CountryLocator } from './country-locator';
import { isQuarantined, toLogEvent } from './event-record';
import { LogEventIngestor } from './log-event-ingestor';

/**
 * Records the gateway's and the local tenant's own events in the event store, through the same
 * ingestion as Auth0's streams (stream `gateway`): queried, streamed live and forwarded alike.
 * `log_id` and `date` are assigned when missing. Rejects when the store is unavailable.
 */
@Injectable()
export class StoreAuthEventRecorder extends AuthEventRecorder {
  constructor(
    private readonly ingestor: LogEventIngestor,
    private readonly countries: CountryLocator,
  ) {
    super();
  }

  async record(input: AuthEvent | AuthEvent[]): Promise<void> {
    const receivedAt = new Date();
    const context = { stream: GATEWAY_STREAM, receivedAt, countryOf: this.countries.enabled ? (ip: string) => this.countries.countryOf(ip) : undefined, checkText: true };
    const events: LogEvent[] = (Array.isArray(input) ? input : [input]).map((event, i) => {
      const date = event.date ?? receivedAt.toISOString();
      const when = new Date(date);
      const data = { ...event, date, log_id: event.log_id ?? newLogId(Number.isNaN(when.getTime()) ? receivedAt : when) };
      const result = toLogEvent({ log_id: data.log_id, data }, `[${i}]`, () => JSON.stringify(data), context);
      // The gateway's own events are built by code: an invalid one is a programming error, not data to quarantine.
      if (isQuarantined(result)) throw new Error(`invalid auth event: ${result.message}`);
      return result;
    });
    await this.ingestor.ingest(GATEWAY_STREAM, events, [], receivedAt);
  }
}
