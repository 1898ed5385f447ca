import { asJsonLines, traffic } from '../support/auth0-events';
import { HttpSinkServer, waitFor } from '../support/http-sink-server';
import { configWith, countRows, postBatch, sampleRecords } from '../support/log-streams';
import { createTestApp, TestApp } from '../utils/test-app';
import { createTestDatabase } from '../utils/test-database';

const fast = { backoffInitialMs: 20, backoffMaxMs: 200, timeoutMs: 2000 };

describe('fan-out to HTTP sinks as CloudEvents (e2e)', () => {
  const samples = sampleRecords();

  describe('a sink that fails the first attempts, a filtered structured sink and a dead one', () => {
    let t: TestApp;
    const flaky = new HttpSinkServer(2);
    const structured = new HttpSinkServer();
    const dead = new HttpSinkServer();

    beforeAll(async () => {
      await Promise.all([flaky.start(), structured.start(), dead.start()]);
      dead.failing = true;
      t = await createTestApp({
        configDocument: configWith({
          logStreams: { streams: [{ name: 'auth0', token: 'Bearer ${LOG_STREAM_TOKEN}', tenant: 'dev-yoj8axza.au.auth0.com' }] },
          sinks: {
            pollIntervalMs: 50,
            http: [
              { name: 'flaky', url: flaky.url, mode: 'binary', maxAttempts: 10, ...fast },
              { name: 'failures', url: structured.url, mode: 'structured', categories: ['auth.login'], types: ['f*'], ...fast },
              { name: 'dead', url: dead.url, maxAttempts: 3, ...fast },
            ],
          },
        }),
      });
      expect((await postBatch(t, asJsonLines(samples))).json()).toEqual({ accepted: 6, duplicates: 0, quarantined: 0 });
    });
    afterAll(async () => {
      await t.close();
      await Promise.all([flaky.stop(), structured.stop(), dead.stop()]);
    });

    it('delivers every event at least once, after the failures, in CloudEvents binary mode', async () => {
      await waitFor('all six delivered to flaky', () => (new Set(flaky.delivered().map((e) => e.id)).size === 6 ? true : undefined));
      for (const sample of samples) {
        expect(flaky.attemptsOf(sample.log_id)).toBeGreaterThanOrEqual(3);
        const event = flaky.delivered().find((e) => e.id === sample.log_id)!;
        expect(event).toMatchObject({
          specversion: '1.0',
          id: sample.log_id,
          source: 'dev-yoj8axza.au.auth0.com',
          type: `com.auth0.log.${sample.data.type}`,
          time: new Date(sample.data.date as string).toISOString(),
          datacontenttype: 'application/json',
          data: sample.data,
        });
        expect(event.subject).toBe(sample.data.user_id);
      }
      const request = flaky.requests.find((r) => r.status === 200)!;
      expect(request.headers['ce-specversion']).toBe('1.0');
      expect(request.headers['content-type']).toMatch(/^application\/json/);
    });

    it('sends a filtered sink only its events, in structured mode', async () => {
      await waitFor('the login failures', () => (structured.delivered().length >= 2 ? true : undefined));
      await new Promise((r) => setTimeout(r, 300));
      expect(structured.delivered().map((e) => e.type).sort()).toEqual(['com.auth0.log.f', 'com.auth0.log.fp']);
      expect(structured.requests[0].headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    });

    it('moves the events a sink refused maxAttempts times to the dead letters, and retries them on request', async () => {
      const list = async () => (await t.admin({ method: 'GET', url: '/events/dead-letters?sink=dead' })).json().deadLetters as Array<{ id: string; logId: string; attempts: number; lastError: string }>;
      const letters = await waitFor('six dead letters', async () => ((await list()).length === 6 ? list() : undefined));
      expect(letters.map((l) => l.logId).sort()).toEqual(samples.map((s) => s.log_id).sort());
      for (const letter of letters) expect(letter).toMatchObject({ attempts: 3, lastError: 'HTTP 503 from the sink' });
      expect(dead.requests).toHaveLength(18);
      const metrics = (await t.inject({ method: 'GET', url: '/-/metrics' })).body;
      expect(metrics).toMatch(/log_event_deliveries_total\{sink="dead",outcome="dead_lettered"\} 6/);
      expect(metrics).toMatch(/log_event_deliveries_total\{sink="dead",outcome="failed"\} 12/);

      dead.failing = false;
      const forbidden = await t.inject({ method: 'POST', url: '/events/dead-letters/retry', headers: { 'x-api-key': await readerKey(t) }, payload: {} });
      expect(forbidden.statusCode).toBe(403);
      const retried = await t.admin({ method: 'POST', url: '/events/dead-letters/retry', payload: { sink: 'dead', ids: letters.slice(0, 4).map((l) => l.id) } });
      expect(retried.json()).toEqual({ requeued: 4 });
      expect((await t.admin({ method: 'POST', url: '/events/dead-letters/retry', payload: { sink: 'dead' } })).json()).toEqual({ requeued: 2 });
      await waitFor('the six delivered to the recovered sink', () => (new Set(dead.delivered().map((e) => e.id)).size === 6 ? true : undefined));
      expect(await list()).toEqual([]);
    });

    it('empties the outbox and reports it in the metrics', async () => {
      await waitFor('an empty outbox', async () => ((await countRows(t)).outbox === 0 ? true : undefined));
      const metrics = (await t.inject({ method: 'GET', url: '/-/metrics' })).body;
      expect(metrics).toMatch(/log_event_deliveries_total\{sink="flaky",outcome="delivered"\} 6/);
      expect(metrics).not.toMatch(/log_event_outbox_pending\{sink="flaky"\} [1-9]/);
    });
  });

  it('has two replicas share the outbox without sending any event twice', async () => {
    const sink = await new HttpSinkServer().start();
    // A delivery that times out is sent again (at least once): a generous timeout keeps a loaded
    // machine from turning a slow answer into a second request, so any duplicate here is a double claim.
    const configDocument = configWith({ sinks: { pollIntervalMs: 20, http: [{ name: 'shared', url: sink.url, ...fast, timeoutMs: 60_000 }] } });
    const database = await createTestDatabase();
    const [a, b] = [await createTestApp({ configDocument, database }), await createTestApp({ configDocument, database })];
    try {
      const batches = [0, 1, 2, 3].map((i) => traffic(100, { from: new Date(Date.now() - 3_600_000), to: new Date(), salt: 70 + i }));
      // Both replicas ingest (and so both dispatch) at the same time.
      await Promise.all(batches.map((batch, i) => postBatch(i % 2 ? b : a, asJsonLines(batch))));
      await waitFor('an empty outbox', async () => ((await countRows(a)).outbox === 0 ? true : undefined));
      expect(sink.requests).toHaveLength(400);
      expect(new Set(sink.delivered().map((e) => e.id)).size).toBe(400);
    } finally {
      await b.close();
      await a.close();
      await database.drop();
      await sink.stop();
    }
  });

  it('loses nothing across a restart: rows left undelivered by a stopped gateway are delivered by the next one', async () => {
    const sink = await new HttpSinkServer().start();
    sink.failing = true;
    const configDocument = configWith({ sinks: { pollIntervalMs: 50, http: [{ name: 'warehouse', url: sink.url, maxAttempts: 50, ...fast }] } });
    const database = await createTestDatabase();
    const first = await createTestApp({ configDocument, database });
    const batch = traffic(200, { from: new Date(Date.now() - 3_600_000), to: new Date(), salt: 31 });
    try {
      expect((await postBatch(first, asJsonLines(batch))).json()).toMatchObject({ accepted: 200 });
      await waitFor('every event attempted', async () => {
        const [row] = await first.prisma.$queryRawUnsafe<Array<{ untried: number }>>('SELECT count(*) FILTER (WHERE attempts = 0)::int AS untried FROM log_event_outbox');
        return row.untried === 0 ? true : undefined;
      });
    } finally {
      await first.close().catch(() => undefined);
    }
    const second = await createTestApp({ configDocument, database });
    try {
      expect((await countRows(second)).outbox).toBe(200);
      sink.failing = false;
      await waitFor('all 200 delivered', () => (new Set(sink.delivered().map((e) => e.id)).size === 200 ? true : undefined), 30_000);
      expect(new Set(sink.delivered().map((e) => e.id))).toEqual(new Set(batch.map((r) => r.log_id)));
      await waitFor('an empty outbox', async () => ((await countRows(second)).outbox === 0 ? true : undefined));
    } finally {
      await second.close();
      await database.drop();
      await sink.stop();
    }
  });
});

async function readerKey(t: TestApp): Promise<string> {
  const res = await t.admin({ method: 'POST', url: '/admin/api-keys', payload: { name: `reader-${Date.now()}`, scopes: ['events:read'] } });
  return res.json().key as string;
}
