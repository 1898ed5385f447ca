import { request, IncomingMessage } from 'node:http';
import { LiveTail } from '../../src/log-streams/live/live-tail';
import { asJsonLines, auth0Event } from '../support/auth0-events';
import { configWith, postBatch } from '../support/log-streams';
import { createTestApp, TEST_ADMIN_KEY, TestApp } from '../utils/test-app';

interface SseClient {
  response: IncomingMessage;
  /** Everything received so far. */
  text(): string;
  /** The `event: log` frames received so far, parsed. */
  events(): Array<{ id: string; data: Record<string, unknown> }>;
  waitFor(what: string, predicate: (client: SseClient) => boolean, timeoutMs?: number): Promise<void>;
  ended: Promise<void>;
  close(): void;
}

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

function openStream(base: string, query: string): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/events/stream${query}`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, accept: 'text/event-stream' } }, (response) => {
      let received = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (received += chunk));
      const ended = new Promise<void>((done) => response.on('close', () => done()));
      const client: SseClient = {
        response,
        text: () => received,
        events: () =>
          received
            .split('\n\n')
            .slice(0, -1) // the last piece is a frame still arriving (or nothing)
            .filter((frame) => /^event: log$/m.test(frame))
            .map((frame) => ({ id: /^id: (.*)$/m.exec(frame)![1], data: JSON.parse(/^data: (.*)$/m.exec(frame)![1]) as Record<string, unknown> })),
        async waitFor(what, predicate, timeoutMs = 5000) {
          const deadline = Date.now() + timeoutMs;
          while (!predicate(client)) {
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received: ${received}`);
            await new Promise((r) => setTimeout(r, 20));
          }
        },
        ended,
        close: () => req.destroy(),
      };
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}

const record = (type: string, sequence: number, user = 1) => auth0Event(type, { date: new Date(), sequence, user, salt: 77 });

describe('GET /events/stream, the live tail (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let base: string;
  const configDocument = configWith({ logStreams: { liveTail: { heartbeatSeconds: 0.2 } } });

  beforeAll(async () => {
    a = await createTestApp({ configDocument });
    b = await createTestApp({ configDocument, database: a.database });
    base = await listen(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('sends the new events that pass the filters, as they are stored', async () => {
    const client = await openStream(base, '?type=fp&type=fu');
    try {
      expect(client.response.statusCode).toBe(200);
      expect(client.response.headers['content-type']).toMatch(/^text\/event-stream/);
      const [fp, s, fu] = [record('fp', 1), record('s', 2), record('fu', 3)];
      expect((await postBatch(a, asJsonLines([fp, s, fu]))).json()).toMatchObject({ accepted: 3 });
      await client.waitFor('two events', (c) => c.events().length >= 2);
      await new Promise((r) => setTimeout(r, 100));
      expect(client.events().map((e) => e.id)).toEqual([fp.log_id, fu.log_id]);
      expect(client.events()[0].data).toMatchObject({ logId: fp.log_id, type: 'fp', category: 'auth.login.fail', stream: 'auth0', data: fp.data });
    } finally {
      client.close();
    }
  });

  it('receives events stored by another replica on the same database', async () => {
    const client = await openStream(base, `?userId=${encodeURIComponent(String(record('s', 0, 5).data.user_id))}`);
    try {
      const mine = record('s', 10, 5);
      const other = record('s', 11, 6);
      expect((await postBatch(b, asJsonLines([other, mine]))).json()).toMatchObject({ accepted: 2 });
      await client.waitFor('the event from the other replica', (c) => c.events().length >= 1);
      expect(client.events().map((e) => e.id)).toEqual([mine.log_id]);
    } finally {
      client.close();
    }
  });

  it('sends the events of a large batch from another replica (several notifications)', async () => {
    const client = await openStream(base, '?type=ssa');
    try {
      const batch = Array.from({ length: 300 }, (_, i) => record('ssa', 1000 + i, i));
      expect((await postBatch(b, asJsonLines(batch))).json()).toMatchObject({ accepted: 300 });
      await client.waitFor('300 events', (c) => c.events().length >= 300);
      expect(new Set(client.events().map((e) => e.id))).toEqual(new Set(batch.map((r) => r.log_id)));
    } finally {
      client.close();
    }
  });

  it('keeps an idle stream open with heartbeat comments, and forgets a client that left', async () => {
    const tail = a.app.get(LiveTail);
    const client = await openStream(base, '?type=never');
    await client.waitFor('two heartbeats', (c) => (c.text().match(/: keep-alive/g) ?? []).length >= 2, 3000);
    expect(tail.subscriberCount).toBe(1);
    client.close();
    await client.ended;
    await new Promise((r) => setTimeout(r, 100));
    expect(tail.subscriberCount).toBe(0);
  });

  it('rejects bad filters before opening the stream', async () => {
    const res = await a.admin({ method: 'GET', url: '/events/stream?category=nope' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errorCode).toBe('validation_failed');
  });

  it('ends open streams when the service stops, so it stops promptly', async () => {
    const other = await createTestApp({ configDocument, database: a.database });
    const url = await listen(other);
    const client = await openStream(url, '');
    const started = Date.now();
    await other.close();
    await client.ended;
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
