import { CloudEvent, HTTP } from 'cloudevents';
import type { HttpSinkConfig } from '../../config/schema/log-streams.schema';
import type { EventSink } from './sink';

/** POSTs one CloudEvent per request (HTTP binding, binary or structured mode); any 2xx is success. */
export class HttpEventSink implements EventSink {
  readonly name: string;
  readonly retry: HttpSinkConfig;
  readonly timeoutMs: number;

  constructor(private readonly config: HttpSinkConfig) {
    this.name = config.name;
    this.retry = config;
    this.timeoutMs = config.timeoutMs;
  }

  async deliver(event: CloudEvent<Record<string, unknown>>): Promise<void> {
    const message = this.config.mode === 'structured' ? HTTP.structured(event) : HTTP.binary(event);
    const headers: Record<string, string> = { ...this.config.headers };
    for (const [name, value] of Object.entries(message.headers)) if (typeof value === 'string') headers[name] = value;
    const response = await fetch(this.config.url, { method: 'POST', headers, body: message.body as string, signal: AbortSignal.timeout(this.timeoutMs) });
    // Read the answer so the connection goes back to the pool.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status > 299) throw new Error(`HTTP ${response.status} from the sink`);
  }

  async close(): Promise<void> {
    // fetch keeps no state of its own here.
  }
}
