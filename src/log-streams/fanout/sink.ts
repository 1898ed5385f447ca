import type { CloudEvent } from 'cloudevents';
import type { RetryPolicy } from './backoff';
import type { DeliverableEvent } from './cloud-event';

/** A destination of the fan-out. `deliver` resolves once the destination accepted the event and throws otherwise. */
export interface EventSink {
  readonly name: string;
  readonly retry: RetryPolicy;
  /** Longest a delivery may take; a claimed outbox row is leased for a while longer. */
  readonly timeoutMs: number;
  deliver(cloudEvent: CloudEvent<Record<string, unknown>>, event: DeliverableEvent): Promise<void>;
  close(): Promise<void>;
}
