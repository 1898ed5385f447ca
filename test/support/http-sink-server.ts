import { CloudEvent, HTTP } from 'cloudevents';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';

export interface SinkRequest {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * A CloudEvents HTTP receiver for fan-out tests. `failFirst` attempts of each event id are answered
 * 503 (or every attempt while `failing` is set); the rest 200.
 */
export class HttpSinkServer {
  readonly requests: SinkRequest[] = [];
  failing = false;
  private readonly attempts = new Map<string, number>();
  private server?: Server;
  private port = 0;

  constructor(private readonly failFirst = 0) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/events`;
  }

  /** Listens (on `port` when given, e.g. to come back on the same address). */
  async start(port = this.port): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const id = this.idOf(req.headers, body);
        const attempt = (this.attempts.get(id) ?? 0) + 1;
        this.attempts.set(id, attempt);
        const status = this.failing || attempt <= this.failFirst ? 503 : 200;
        this.requests.push({ headers: req.headers, body, status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try later');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    this.server = undefined;
  }

  /** The CloudEvents of the requests answered 200, in arrival order. */
  delivered(): Array<CloudEvent<Record<string, unknown>>> {
    return this.requests.filter((r) => r.status === 200).map((r) => HTTP.toEvent({ headers: r.headers, body: r.body }) as CloudEvent<Record<string, unknown>>);
  }

  attemptsOf(id: string): number {
    return this.attempts.get(id) ?? 0;
  }

  private idOf(headers: IncomingHttpHeaders, body: string): string {
    if (typeof headers['ce-id'] === 'string') return headers['ce-id'];
    try {
      return String((JSON.parse(body) as { id?: unknown }).id);
    } catch {
      return '?';
    }
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
