import { Global, Module } from '@nestjs/common';
import { AuthEventRecorder } from '../common/auth-events/auth-event';
import { DeliveryFailures } from './admin/delivery-failures';
import { DeliveryFailuresController } from './admin/delivery-failures.controller';
import { StoredEvents } from './events/stored-events';
import { OutboxDispatcher } from './fanout/outbox-dispatcher';
import { CountryLocator } from './ingest/country-locator';
import { IngestLogStreamBatch } from './ingest/ingest-log-stream-batch.usecase';
import { LogEventIngestor } from './ingest/log-event-ingestor';
import { LogStreamRegistry } from './ingest/log-stream-registry';
import { LogStreamRequestHooks } from './ingest/log-stream-request';
import { LogStreamsController } from './ingest/log-streams.controller';
import { StoreAuthEventRecorder } from './ingest/store-auth-event-recorder';
import { LiveTail } from './live/live-tail';
import { ReplicaEvents } from './live/replica-events';
import { LogStreamMetrics } from './log-stream.metrics';
import { EventQueries } from './query/event-queries';
import { EventStats } from './query/event-stats';
import { EventsController } from './query/events.controller';
import { EventPartitions } from './store/event-partitions';

/**
 * Auth0 log-stream ingestion, the event store (monthly partitions, retention), queries and stats, the
 * live tail, CloudEvents fan-out through an outbox, and the recorder of the gateway's own events.
 * Global so that any module can record events through AuthEventRecorder.
 */
@Global()
@Module({
  controllers: [LogStreamsController, EventsController, DeliveryFailuresController],
  providers: [
    LogStreamMetrics,
    LogStreamRegistry,
    LogStreamRequestHooks,
    CountryLocator,
    StoredEvents,
    LogEventIngestor,
    IngestLogStreamBatch,
    EventPartitions,
    EventQueries,
    EventStats,
    LiveTail,
    ReplicaEvents,
    OutboxDispatcher,
    DeliveryFailures,
    { provide: AuthEventRecorder, useClass: StoreAuthEventRecorder },
  ],
  exports: [AuthEventRecorder],
})
export class LogStreamsModule {}
