import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The `fetch` the Auth0 SDKs are given (injection token). Global fetch in production; a test can
 * provide one that sends `https://<domain>` to a local server.
 */
export const AUTH0_FETCH = Symbol('AUTH0_FETCH');

export type FetchFunction = typeof fetch;

export interface UpstreamPolicy {
  /** Time one attempt may take. */
  timeoutMs: number;
  /** Attempts after the first one. */
  maxRetries: number;
  /** Total time one call may spend waiting between attempts. */
  retryBudgetMs: number;
}

/** An answer of Auth0 that is an error, kept to map it to the port's errors with Auth0's code. */
export interface UpstreamFailure {
  status: number;
  headers: Headers;
  body: string;
}

/** What happened on the wire during one call of the identity port (one or more HTTP requests). */
export class UpstreamCall {
  /** HTTP attempts made, retries included. */
  attempts = 0;
  timedOut = false;
  /** A successful answer whose JSON body could not be parsed. */
  malformed?: { status: number };
  /** The last error answer. */
  failure?: UpstreamFailure;
  /** The last failure to get any answer (connection refused, reset…). */
  unreachable?: Error;
}

/** Raised by the adapter when an answer of Auth0 is not what the call expects (not a user, not a job…). */
export class UnusableUpstreamAnswer extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusableUpstreamAnswer';
  }
}

/** Marks an answer the transport gave in place of one Auth0 did not give. */
export const TRANSPORT_ANSWER_HEADER = 'x-gateway-transport-answer';

/**
 * What the transport answers an SDK when Auth0 gave no usable answer, as a proxy would: 504 for a
 * timeout, 502 otherwise, with the port's code in Auth0's error body. The SDK then fails through its
 * ordinary error path (a rejected fetch would leave the ManagementClient's own deadline timer
 * running), and the call's record says what really happened.
 */
function transportAnswer(status: 502 | 504, code: 'upstream_timeout' | 'upstream_error', message: string): Response {
  return new Response(JSON.stringify({ error: code, error_description: message }), {
    status,
    headers: { 'content-type': 'application/json', [TRANSPORT_ANSWER_HEADER]: code },
  });
}

const RETRYABLE_STATUS = (status: number) => status === 408 || status >= 500;
const BACKOFF_BASE_MS = 200;
const BACKOFF_MAX_MS = 5_000;

/**
 * How long to wait before repeating a request that got this answer, or undefined when it must not
 * be repeated. 429 is repeated only when it is a rate limit (a Retry-After, or no requests left
 * until `x-ratelimit-reset`): Auth0 also answers 429 for blocked accounts (`too_many_attempts`) and
 * for the import-jobs limit, which waiting a moment does not lift. 408 and 5xx are repeated after
 * their Retry-After, else with exponential backoff.
 */
export function retryDelayMs(status: number, headers: Headers, attempt: number, now = Date.now(), random = Math.random): number | undefined {
  const retryAfter = retryAfterMs(headers, now);
  if (status === 429) {
    if (retryAfter !== undefined) return retryAfter;
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
    return undefined;
  }
  if (!RETRYABLE_STATUS(status)) return undefined;
  if (retryAfter !== undefined) return retryAfter;
  const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(backoff * (0.8 + 0.4 * random()));
}

/** `Retry-After` in milliseconds (delay-seconds or an HTTP date), when present and valid. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// By name: fetch rejects with a DOMException, which is not an Error of every realm.
const isTimeout = (error: unknown) => ['TimeoutError', 'AbortError'].includes(String((error as { name?: unknown } | null)?.name));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Bodies fetch can send again unchanged (strings, bytes, forms); streams cannot be repeated. */
const repeatable = (body: RequestInit['body']) => typeof (body as ReadableStream | null | undefined)?.getReader !== 'function';

/**
 * The transport under both Auth0 SDKs: every request they make goes through `fetch` here, which
 * adds what the SDKs leave to their callers. One policy for the Management API, the Authentication
 * API, discovery and JWKS alike (the SDKs' own retries are turned off):
 * - each attempt is abandoned after `timeoutMs` (and is not repeated: Auth0 may still act on it);
 * - 408, 5xx, rate-limit 429s and network failures are repeated at most `maxRetries` times, after
 *   Retry-After / x-ratelimit-reset or a backoff, as long as the waits fit in `retryBudgetMs`;
 * - a successful answer that is not the JSON it says it is never reaches an SDK.
 * When Auth0 gives no usable answer the transport answers in its place (see `transportAnswer`).
 * What happened is recorded on the current call (see `run`), which maps SDK errors to the port's.
 */
export class UpstreamTransport {
  private readonly calls = new AsyncLocalStorage<UpstreamCall>();
  readonly fetch: FetchFunction;

  constructor(
    private readonly base: FetchFunction,
    readonly policy: UpstreamPolicy,
  ) {
    this.fetch = ((input: string | URL | Request, init?: RequestInit) => this.send(input, init)) as FetchFunction;
  }

  /** Runs one call of the port, with a record of its HTTP traffic. */
  async run<T>(work: (call: UpstreamCall) => Promise<T>): Promise<T> {
    const call = new UpstreamCall();
    return this.calls.run(call, () => work(call));
  }

  private async send(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const call = this.calls.getStore() ?? new UpstreamCall();
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      call.attempts++;
      let response: Response;
      try {
        const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(this.policy.timeoutMs)]) : AbortSignal.timeout(this.policy.timeoutMs);
        response = await this.base(input, { ...init, signal });
      } catch (error) {
        // The caller's own signal (an SDK's deadline or cancellation) ends the request as it asked.
        if (init.signal?.aborted) throw error;
        if (isTimeout(error)) {
          call.timedOut = true;
          return transportAnswer(504, 'upstream_timeout', `Auth0 did not answer within ${this.policy.timeoutMs} ms.`);
        }
        call.unreachable = error as Error;
        const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
        if (attempt < this.policy.maxRetries && waited + delay <= this.policy.retryBudgetMs && repeatable(init.body)) {
          waited += delay;
          await sleep(delay);
          continue;
        }
        return transportAnswer(502, 'upstream_error', `Auth0 could not be reached: ${(error as Error).message}`);
      }
      call.unreachable = undefined;
      try {
        if (response.ok) return await this.checked(response, call);
        const delay = retryDelayMs(response.status, response.headers, attempt);
        if (delay !== undefined && attempt < this.policy.maxRetries && waited + delay <= this.policy.retryBudgetMs && repeatable(init.body)) {
          await response.body?.cancel();
          waited += delay;
          await sleep(delay);
          continue;
        }
        call.failure = { status: response.status, headers: response.headers, body: await response.clone().text() };
        return response;
      } catch (error) {
        // The deadline also covers the body, which may stop arriving after the headers.
        if (init.signal?.aborted || !isTimeout(error)) throw error;
        call.timedOut = true;
        return transportAnswer(504, 'upstream_timeout', `Auth0 did not answer within ${this.policy.timeoutMs} ms.`);
      }
    }
  }

  /** A successful answer that says it is JSON is parsed once here; a body that does not parse is refused. */
  private async checked(response: Response, call: UpstreamCall): Promise<Response> {
    const type = response.headers.get('content-type') ?? '';
    if (!/[/+]json\b/i.test(type) || response.status === 204 || response.status === 205) return response;
    const text = await response.text();
    if (text.trim() !== '') {
      try {
        JSON.parse(text);
      } catch {
        call.malformed = { status: response.status };
        return transportAnswer(502, 'upstream_error', `Auth0 answered ${response.status} with a body that is not valid JSON.`);
      }
    }
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  }
}
