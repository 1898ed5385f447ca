import type { AppConfig } from '../../config/config.loader';
import { HttpEventSink } from './http-sink';
import { NatsEventSink } from './nats-sink';
import type { EventSink } from './sink';
import { natsSinkConfig } from './sink-routes';

/** The configured sinks: every HTTP sink, and JetStream when NATS_URL is set (unless `sinks.nats.enabled` is false). */
export function createSinks(config: AppConfig): EventSink[] {
  const sinks: EventSink[] = config.service.sinks.http.map((http) => new HttpEventSink(http));
  const nats = natsSinkConfig(config);
  if (nats && config.env.NATS_URL) sinks.push(new NatsEventSink(config.env.NATS_URL, nats));
  return sinks;
}
