import { retryAfterMs, retryDelayMs, TRANSPORT_ANSWER_HEADER, UpstreamTransport } from './upstream-fetch';

const headers = (values: Record<string, string> = {}) => new Headers(values);
const NOW = Date.parse('2026-06-01T12:00:00Z');

describe('retry delays', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs(headers({ 'retry-after': '3' }), NOW)).toBe(3000);
    expect(retryAfterMs(headers({ 'retry-after': 'Mon, 01 Jun 2026 12:00:05 GMT' }), NOW)).toBe(5000);
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(retryAfterMs(headers(), NOW)).toBeUndefined();
  });

  it('repeats a 429 only when it is a rate limit', () => {
    expect(retryDelayMs(429, headers({ 'retry-after': '2' }), 0, NOW)).toBe(2000);
    expect(retryDelayMs(429, headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 4) }), 0, NOW)).toBe(4000);
    // too_many_attempts, or the import jobs limit: requests are left, waiting does not help.
    expect(retryDelayMs(429, headers({ 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(NOW / 1000 + 4) }), 0, NOW)).toBeUndefined();
    expect(retryDelayMs(429, headers(), 0, NOW)).toBeUndefined();
  });

  it('backs off exponentially on 408 and 5xx unless told how long to wait, and never repeats other errors', () => {
    const half = () => 0.5;
    expect([0, 1, 2, 3, 10].map((attempt) => retryDelayMs(503, headers(), attempt, NOW, half))).toEqual([200, 400, 800, 1600, 5000]);
    expect(retryDelayMs(408, headers(), 0, NOW, () => 0)).toBe(160);
    expect(retryDelayMs(500, headers(), 0, NOW, () => 1)).toBe(240);
    expect(retryDelayMs(503, headers({ 'retry-after': '1' }), 5, NOW)).toBe(1000);
    for (const status of [400, 401, 403, 404, 409, 413]) expect(retryDelayMs(status, headers(), 0, NOW)).toBeUndefined();
  });
});

describe('UpstreamTransport', () => {
  const json = (status: number, body: string, extra: Record<string, string> = {}) => new Response(body, { status, headers: { 'content-type': 'application/json', ...extra } });

  function transport(answers: Array<Response | Error>, policy = { timeoutMs: 1000, maxRetries: 2, retryBudgetMs: 1000 }) {
    const seen: RequestInit[] = [];
    const base = (async (_input: string | URL | Request, init?: RequestInit) => {
      seen.push(init ?? {});
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      if (next instanceof Error) throw next;
      return next;
    }) as typeof fetch;
    return { upstream: new UpstreamTransport(base, policy), seen };
  }

  it('repeats within the limits and records the attempts of the call', async () => {
    const { upstream } = transport([json(503, '{}', { 'retry-after': '0' }), json(503, '{}', { 'retry-after': '0' }), json(200, '{"ok":true}')]);
    const { status, attempts } = await upstream.run(async (call) => ({ status: (await upstream.fetch('https://x.test/a')).status, attempts: call.attempts }));
    expect({ status, attempts }).toEqual({ status: 200, attempts: 3 });
  });

  it('stops after maxRetries and keeps the last error answer for the mapping', async () => {
    const { upstream } = transport([json(503, '{"a":1}', { 'retry-after': '0' }), json(503, '{"a":2}', { 'retry-after': '0' }), json(503, '{"a":3}', { 'retry-after': '0' }), json(200, '{}')]);
    const result = await upstream.run(async (call) => ({ status: (await upstream.fetch('https://x.test/a')).status, attempts: call.attempts, body: call.failure?.body }));
    expect(result).toEqual({ status: 503, attempts: 3, body: '{"a":3}' });
  });

  it('does not wait longer than its budget', async () => {
    const { upstream } = transport([json(429, '{}', { 'retry-after': '5' }), json(200, '{}')]);
    const started = Date.now();
    expect((await upstream.fetch('https://x.test/a')).status).toBe(429);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('answers 502 in place of a success whose JSON does not parse, and passes a good one on unchanged', async () => {
    const { upstream } = transport([json(200, '{"broken":'), json(200, '{"fine":1}')]);
    const failed = await upstream.run(async (call) => {
      const answer = await upstream.fetch('https://x.test/a');
      return { status: answer.status, marked: answer.headers.get(TRANSPORT_ANSWER_HEADER), body: await answer.json(), malformed: call.malformed };
    });
    expect(failed).toEqual({ status: 502, marked: 'upstream_error', body: { error: 'upstream_error', error_description: 'Auth0 answered 200 with a body that is not valid JSON.' }, malformed: { status: 200 } });
    const good = await upstream.fetch('https://x.test/b');
    expect([good.status, good.headers.get('content-type'), await good.json()]).toEqual([200, 'application/json', { fine: 1 }]);
  });

  it('gives each attempt its own deadline, on top of the caller signal, and does not repeat one that timed out', async () => {
    // An upstream that never answers; like fetch, it gives up when its signal aborts.
    const base = ((_input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        if (init?.signal?.aborted) return reject(init.signal.reason);
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const upstream = new UpstreamTransport(base, { timeoutMs: 50, maxRetries: 3, retryBudgetMs: 1000 });
    const outcome = await upstream.run(async (call) => {
      const answer = await upstream.fetch('https://x.test/a', { signal: new AbortController().signal });
      return { status: answer.status, marked: answer.headers.get(TRANSPORT_ANSWER_HEADER), timedOut: call.timedOut, attempts: call.attempts };
    });
    expect(outcome).toEqual({ status: 504, marked: 'upstream_timeout', timedOut: true, attempts: 1 });
    // The caller's own cancellation is the caller's: the request is abandoned as asked.
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(upstream.fetch('https://x.test/a', { signal: cancelled.signal })).rejects.toBeDefined();
  });

  it('also gives up on a body that stops arriving after the headers', async () => {
    // Like fetch, the body fails with the signal's reason when the signal aborts.
    const base = (async (_input: string | URL | Request, init?: RequestInit) => {
      const stalled = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"user_id":'));
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
        },
      });
      return new Response(stalled, { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const upstream = new UpstreamTransport(base, { timeoutMs: 50, maxRetries: 0, retryBudgetMs: 0 });
    const outcome = await upstream.run(async (call) => ({ status: (await upstream.fetch('https://x.test/a')).status, timedOut: call.timedOut }));
    expect(outcome).toEqual({ status: 504, timedOut: true });
  });

  it('repeats after a network failure and reports the tenant unreachable when it stays so', async () => {
    const { upstream } = transport([new TypeError('fetch failed'), new TypeError('fetch failed'), new TypeError('fetch failed')]);
    const call = await upstream.run(async (c) => {
      expect((await upstream.fetch('https://x.test/a')).status).toBe(502);
      return c;
    });
    expect(call.attempts).toBe(3);
    expect(call.unreachable?.message).toBe('fetch failed');
    const recovered = transport([new TypeError('fetch failed'), json(404, '{}')]);
    const later = await recovered.upstream.run(async (c) => ({ status: (await recovered.upstream.fetch('https://x.test/a')).status, unreachable: c.unreachable }));
    expect(later).toEqual({ status: 404, unreachable: undefined });
  });
});
