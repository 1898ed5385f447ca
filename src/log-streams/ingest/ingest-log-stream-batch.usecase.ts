import { Injectable } from '@nestjs/common';
import type { LogEvent } from '../events/log-event';
import { parseBatch } from './batch-parser';
import { CountryLocator } from './country-locator';
import { isQuarantined, mayHoldUnstorableText, QuarantinedRecord, toLogEvent } from './event-record';
import { IngestOutcome, LogEventIngestor } from './log-event-ingestor';
import type { LogStream } from './log-stream-registry';

/** One POST of a log stream: parse the body, check every record, store the batch, answer the counts. */
@Injectable()
export class IngestLogStreamBatch {
  constructor(
    private readonly ingestor: LogEventIngestor,
    private readonly countries: CountryLocator,
  ) {}

  async execute(stream: LogStream, body: Buffer): Promise<IngestOutcome> {
    const text = body.toString('utf8');
    const batch = parseBatch(text);
    const receivedAt = new Date();
    const context = {
      stream: stream.name,
      receivedAt,
      countryOf: this.countries.enabled ? (ip: string) => this.countries.countryOf(ip) : undefined,
      checkText: mayHoldUnstorableText(text),
    };
    const events: LogEvent[] = [];
    const quarantined: QuarantinedRecord[] = batch.unparseable.map((line) => ({ position: line.position, reason: 'invalid_json', message: line.message, logId: null, raw: line.raw }));
    for (const record of batch.records) {
      const result = toLogEvent(record.value, record.position, record.raw, context);
      if (isQuarantined(result)) quarantined.push(result);
      else events.push(result);
    }
    return this.ingestor.ingest(stream.name, events, quarantined, receivedAt);
  }
}
