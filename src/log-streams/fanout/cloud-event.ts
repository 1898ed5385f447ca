import { CloudEvent } from 'cloudevents';

/** What fan-out needs of a stored event. */
export interface DeliverableEvent {
  logId: string;
  date: Date;
  type: string;
  userId: string | null;
  hostname: string | null;
  stream: string;
  data: Record<string, unknown>;
}

export interface CloudEventOptions {
  /** Prepended to the Auth0 type code, e.g. `com.auth0.log.` → `com.auth0.log.fp`. */
  typePrefix: string;
  /** The stream's configured tenant; the event's `hostname` is used when unset. */
  tenant?: string;
  /** Source of events with neither (the gateway's own, a stream without tenant or hostname). */
  fallbackSource: string;
}

/**
 * One CloudEvent per Auth0 event: `id` = log_id (a redelivery keeps its id, so consumers can
 * deduplicate), `source` = the tenant, `type` = prefix + type code, `time` = the event's date,
 * `subject` = the user, `data` = Auth0's `data` object.
 */
export function toCloudEvent(event: DeliverableEvent, options: CloudEventOptions): CloudEvent<Record<string, unknown>> {
  return new CloudEvent<Record<string, unknown>>({
    specversion: '1.0',
    id: event.logId,
    source: options.tenant ?? event.hostname ?? options.fallbackSource,
    type: `${options.typePrefix}${event.type}`,
    time: event.date.toISOString(),
    ...(event.userId ? { subject: event.userId } : {}),
    datacontenttype: 'application/json',
    data: event.data,
  });
}
