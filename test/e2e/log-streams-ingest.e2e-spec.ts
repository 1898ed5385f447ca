import { deflateSync, gzipSync } from 'node:zlib';
import { AuthEventRecorder } from '../../src/common/auth-events/auth-event';
import { asJsonArray, asJsonLines, asJsonObject, traffic } from '../support/auth0-events';
import { configWith, countRows, postBatch, sampleRecords, STREAM_AUTHORIZATION } from '../support/log-streams';
import { createTestApp, expectErrorBody, TestApp } from '../utils/test-app';

const SMALL_STREAM_TOKEN = 'Bearer small-stream-token-0123456789';

describe('POST /log-streams/:name (e2e)', () => {
  let t: TestApp;
  const samples = sampleRecords();

  beforeAll(async () => {
    t = await createTestApp({
      configDocument: configWith({
        logStreams: {
          streams: [
            { name: 'auth0', token: 'Bearer ${LOG_STREAM_TOKEN}', tenant: 'dev-yoj8axza.au.auth0.com' },
            { name: 'small', token: SMALL_STREAM_TOKEN, bodyLimitBytes: 4096 },
          ],
        },
      }),
    });
  });
  afterAll(() => t.close());
  const clear = () => t.prisma.$executeRawUnsafe('TRUNCATE log_events, log_event_keys, log_event_quarantine, log_event_outbox');

  describe('the six real sample records', () => {
    beforeEach(clear);

    const formats: Array<[string, () => string | Buffer, Record<string, string>]> = [
      ['JSON Lines', () => asJsonLines(samples), {}],
      ['JSON Array', () => asJsonArray(samples), {}],
      ['JSON Object {"logs": [...]}', () => asJsonObject(samples), {}],
      ['gzipped JSON Lines', () => gzipSync(asJsonLines(samples)), { 'content-encoding': 'gzip' }],
      ['gzipped JSON Array', () => gzipSync(asJsonArray(samples)), { 'content-encoding': 'gzip' }],
      ['gzipped JSON Object', () => gzipSync(asJsonObject(samples)), { 'content-encoding': 'gzip' }],
      ['deflated JSON Lines', () => deflateSync(asJsonLines(samples)), { 'content-encoding': 'deflate' }],
    ];

    it.each(formats)('are stored once each from %s', async (_format, body, headers) => {
      const res = await postBatch(t, body(), { headers });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ accepted: 6, duplicates: 0, quarantined: 0 });
      const rows = await t.prisma.logEvent.findMany({ orderBy: { date: 'asc' } });
      expect(rows.map((r) => r.logId).sort()).toEqual(samples.map((s) => s.log_id).sort());
      expect(rows.map((r) => r.data)).toEqual(expect.arrayContaining(samples.map((s) => s.data)));
    });

    it('keep their typed columns: category from the type code, user, client, IP, stream', async () => {
      await postBatch(t, asJsonLines(samples));
      const fp = await t.prisma.logEvent.findFirstOrThrow({ where: { type: 'fp' } });
      expect(fp).toMatchObject({
        logId: '90020211103082515482106767167326018758436529088273317970',
        date: new Date('2021-11-03T08:25:14.466Z'),
        category: 'auth.login.fail',
        description: 'Wrong email or password.',
        userId: 'auth0|61823277a44a21007221a59a',
        userName: 'new@test.com',
        clientId: 'aI61p8I8aFjmYRliLWgvM9ev97kCCNDB',
        clientName: 'Default App',
        connection: 'Username-Password-Authentication',
        ip: '81.2.69.143',
        stream: 'auth0',
      });
      const byType = Object.fromEntries((await t.prisma.logEvent.findMany()).map((r) => [r.type, r.category]));
      expect(byType).toEqual({
        fp: 'auth.login.fail',
        f: 'auth.login.fail',
        s: 'auth.login.success',
        ss: 'auth.signup.success',
        seacft: 'auth.token_exchange.success',
        fn: 'user.fail',
      });
      // The `fn` record has neither ip nor user; an empty connection_id stays in data only.
      expect(await t.prisma.logEvent.findFirstOrThrow({ where: { type: 'fn' } })).toMatchObject({ ip: null, userId: null, userName: null });
    });

    it('posted in every format after one another are stored once, the rest counted as duplicates', async () => {
      const answers = [];
      for (const [, body, headers] of formats) answers.push((await postBatch(t, body(), { headers })).json());
      expect(answers[0]).toEqual({ accepted: 6, duplicates: 0, quarantined: 0 });
      for (const answer of answers.slice(1)) expect(answer).toEqual({ accepted: 0, duplicates: 6, quarantined: 0 });
      expect(await countRows(t)).toMatchObject({ events: 6, keys: 6, quarantined: 0 });
    });
  });

  it('ignores a redelivery: duplicates counted, nothing added or changed', async () => {
    await clear();
    const batch = traffic(50, { from: new Date(Date.now() - 3_600_000), to: new Date(), salt: 1 });
    expect((await postBatch(t, asJsonLines(batch))).json()).toEqual({ accepted: 50, duplicates: 0, quarantined: 0 });
    const before = await t.prisma.logEvent.findMany({ orderBy: { logId: 'asc' } });

    const changed = batch.map((r) => ({ ...r, data: { ...r.data, description: 'redelivered' } }));
    const mixed = [...changed.slice(0, 30), ...traffic(10, { from: new Date(Date.now() - 60_000), to: new Date(), salt: 2 })];
    expect((await postBatch(t, asJsonLines(mixed))).json()).toEqual({ accepted: 10, duplicates: 30, quarantined: 0 });
    const after = await t.prisma.logEvent.findMany({ where: { logId: { in: before.map((r) => r.logId) } }, orderBy: { logId: 'asc' } });
    expect(after).toEqual(before);
    expect(await countRows(t)).toMatchObject({ events: 60, keys: 60 });
  });

  it('counts a log id repeated within one batch once', async () => {
    await clear();
    const [one, two] = traffic(2, { from: new Date(Date.now() - 60_000), to: new Date(), salt: 3 });
    expect((await postBatch(t, asJsonLines([one, two, one]))).json()).toEqual({ accepted: 2, duplicates: 1, quarantined: 0 });
  });

  it('accepts 98 of 100 lines with 2 bad ones, quarantines those with reason and raw text, answers 2xx', async () => {
    await clear();
    const lines = traffic(100, { from: new Date(Date.now() - 3_600_000), to: new Date(), salt: 4 }).map((r) => JSON.stringify(r));
    lines[17] = '{"log_id": "9002026", "data": {"type": "s", '; // cut short
    lines[62] = 'this is not json';
    const res = await postBatch(t, lines.join('\n'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 98, duplicates: 0, quarantined: 2 });
    expect(await countRows(t)).toMatchObject({ events: 98, quarantined: 2 });

    const quarantine = await t.admin({ method: 'GET', url: '/events/quarantine' });
    expect(quarantine.statusCode).toBe(200);
    const records = quarantine.json().records as Array<Record<string, unknown>>;
    expect(records).toHaveLength(2);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stream: 'auth0', reason: 'invalid_json', position: 'line 18', raw: lines[17], message: expect.stringMatching(/^line 18, column \d+: /) }),
        expect.objectContaining({ stream: 'auth0', reason: 'invalid_json', position: 'line 63', raw: 'this is not json' }),
      ]),
    );
  });

  it('quarantines records that are JSON but not valid events, and stores the rest', async () => {
    await clear();
    const [good] = traffic(1, { from: new Date(Date.now() - 60_000), to: new Date(), salt: 5 });
    const body = asJsonArray([
      good,
      { data: { type: 's' } },
      { log_id: '900123', data: 'not an object' },
      { log_id: '900124', data: { description: 'no type' } },
      { log_id: '900125', data: { type: 's', date: 'yesterday' } },
      { log_id: 'has spaces', data: { type: 's' } },
      42,
      { log_id: '900126', data: { type: 's', description: 'nul \u0000 inside' } },
    ]);
    const res = await postBatch(t, body);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, quarantined: 7 });
    const reasons = (await t.prisma.logEventQuarantine.findMany({ orderBy: { id: 'asc' } })).map((q) => [q.position, q.reason]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['[1]', 'missing_log_id'],
        ['[2]', 'invalid_data'],
        ['[3]', 'missing_type'],
        ['[4]', 'invalid_date'],
        ['[5]', 'invalid_log_id'],
        ['[6]', 'not_an_object'],
        ['[7]', 'unsupported_character'],
      ]),
    );
  });

  it('stores escaped emoji but quarantines an unpaired surrogate, which PostgreSQL cannot store', async () => {
    await clear();
    const lines = [
      '{"log_id": "900201", "data": {"type": "s", "description": "smile \\ud83d\\ude00"}}',
      '{"log_id": "900202", "data": {"type": "s", "description": "broken \\ud83d here"}}',
    ];
    expect((await postBatch(t, lines.join('\n'))).json()).toEqual({ accepted: 1, duplicates: 0, quarantined: 1 });
    expect((await t.prisma.logEvent.findFirstOrThrow()).description).toBe('smile 😀');
    expect(await t.prisma.logEventQuarantine.findFirstOrThrow()).toMatchObject({ position: 'line 2', reason: 'unsupported_character', raw: lines[1] });
  });

  it('stores an event with a new type code as category other, and one without a date at its arrival time', async () => {
    await clear();
    const before = Date.now();
    const res = await postBatch(t, asJsonLines([{ log_id: '90020991231000000000000000000000000000000000000000000001', data: { type: 'brand_new_code', description: 'x' } }]));
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, quarantined: 0 });
    const row = await t.prisma.logEvent.findFirstOrThrow();
    expect(row.category).toBe('other');
    expect(row.date.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(row.date.getTime()).toBeLessThanOrEqual(Date.now() + 5);
  });

  describe('rejects', () => {
    beforeEach(clear);

    it('a wrong or missing token with 401, storing nothing', async () => {
      const body = asJsonLines(samples);
      expectErrorBody(await postBatch(t, body, { headers: { authorization: `${STREAM_AUTHORIZATION}x` } }), 401, 'invalid_stream_token');
      expectErrorBody(await postBatch(t, body, { headers: { authorization: 'Bearer test-log-stream-token-012345678' } }), 401, 'invalid_stream_token');
      expectErrorBody(await postBatch(t, body, { headers: { authorization: '' } }), 401, 'invalid_stream_token');
      expectErrorBody(await postBatch(t, body, { headers: { authorization: SMALL_STREAM_TOKEN } }), 401, 'invalid_stream_token');
      expect(await countRows(t)).toEqual({ events: 0, keys: 0, quarantined: 0, outbox: 0 });
    });

    it('an unknown stream with 404', async () => {
      expectErrorBody(await postBatch(t, asJsonLines(samples), { stream: 'nope' }), 404, 'log_stream_not_found');
    });

    it('a body that is not JSON at all with 400 and the line and column', async () => {
      const notJson = await postBatch(t, 'hello\nworld\n');
      const body = expectErrorBody(notJson, 400, 'invalid_json');
      expect(body.message).toMatch(/line 1, column 1/);
      const brokenArray = expectErrorBody(await postBatch(t, `[\n${JSON.stringify(samples[0])},\n${JSON.stringify(samples[1]).slice(0, 40)}`), 400, 'invalid_json');
      expect(brokenArray.message).toMatch(/line 3, column \d+/);
      expect(brokenArray.details).toEqual([{ path: 'body', message: expect.stringMatching(/^line 3, column \d+: /) }]);
      expectErrorBody(await postBatch(t, ''), 400, 'invalid_body');
      expectErrorBody(await postBatch(t, '"just a string"'), 400, 'invalid_body');
      expect(await countRows(t)).toEqual({ events: 0, keys: 0, quarantined: 0, outbox: 0 });
    });

    it("a body over the stream's limit with 413, also when it is small but inflates past the limit", async () => {
      const big = asJsonLines(traffic(10, { from: new Date(Date.now() - 60_000), to: new Date(), salt: 6 }));
      expect(Buffer.byteLength(big)).toBeGreaterThan(4096);
      expectErrorBody(await postBatch(t, big, { stream: 'small', headers: { authorization: SMALL_STREAM_TOKEN } }), 413, 'payload_too_large');
      const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x20));
      expect(bomb.length).toBeLessThan(4096);
      expectErrorBody(await postBatch(t, bomb, { stream: 'small', headers: { authorization: SMALL_STREAM_TOKEN, 'content-encoding': 'gzip' } }), 413, 'payload_too_large');
      expectErrorBody(await postBatch(t, gzipSync(Buffer.alloc(11 * 1024 * 1024, 0x20)), { headers: { 'content-encoding': 'gzip' } }), 413, 'payload_too_large');
      expect(await countRows(t)).toEqual({ events: 0, keys: 0, quarantined: 0, outbox: 0 });
    });

    it('an unknown Content-Encoding with 415 and a corrupt gzip body with 400', async () => {
      expectErrorBody(await postBatch(t, asJsonLines(samples), { headers: { 'content-encoding': 'zstd' } }), 415, 'unsupported_content_encoding');
      expectErrorBody(await postBatch(t, Buffer.from('definitely not gzip'), { headers: { 'content-encoding': 'gzip' } }), 400, 'invalid_content_encoding');
    });
  });

  it('accepts a 3 MB batch (above the 1 MB limit of other routes), while other routes keep their limit', async () => {
    await clear();
    const batch = traffic(3000, { from: new Date(Date.now() - 3_600_000), to: new Date(), salt: 7 });
    const body = asJsonLines(batch);
    expect(Buffer.byteLength(body)).toBeGreaterThan(3 * 1024 * 1024);
    expect((await postBatch(t, body)).json()).toEqual({ accepted: 3000, duplicates: 0, quarantined: 0 });
    const other = await t.admin({ method: 'POST', url: '/admin/api-keys', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(1_100_000), scopes: ['admin'] }) });
    expectErrorBody(other, 413, 'payload_too_large');
  });

  it('accepts JSON Lines sent as application/x-ndjson or without a content type', async () => {
    await clear();
    const [a, b] = traffic(2, { from: new Date(Date.now() - 60_000), to: new Date(), salt: 8 });
    expect((await postBatch(t, asJsonLines([a]), { headers: { 'content-type': 'application/x-ndjson' } })).json()).toMatchObject({ accepted: 1 });
    const bare = await t.inject({ method: 'POST', url: '/log-streams/auth0', headers: { authorization: STREAM_AUTHORIZATION }, payload: asJsonLines([b]) });
    expect(bare.json()).toMatchObject({ accepted: 1 });
  });

  it('counts accepted, duplicate and quarantined records per stream in /-/metrics', async () => {
    const metrics = (await t.inject({ method: 'GET', url: '/-/metrics' })).body;
    const value = (outcome: string) => Number(new RegExp(`log_stream_events_total\\{stream="auth0",outcome="${outcome}"\\} (\\d+)`).exec(metrics)?.[1]);
    expect(value('accepted')).toBeGreaterThanOrEqual(3000);
    expect(value('duplicate')).toBeGreaterThanOrEqual(36);
    expect(value('quarantined')).toBeGreaterThanOrEqual(9);
  });

  it("stores the gateway's own events through the same path, assigning log_id and date", async () => {
    await clear();
    await t.app.get(AuthEventRecorder).record([
      { type: 's', description: 'Successful login', user_id: 'auth0|0123456789abcdef01234567', user_name: 'demo@example.com', client_id: 'web', ip: '10.0.0.1' },
      { type: 'fp', description: 'Wrong email or password.', user_name: 'demo@example.com', client_id: 'web', ip: '10.0.0.1', date: '2026-01-01T10:00:00.000Z' },
    ]);
    const rows = await t.prisma.logEvent.findMany({ orderBy: { type: 'asc' } });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.stream).toBe('gateway');
      expect(row.logId).toMatch(/^\d{56}$/);
      expect(row.data).toMatchObject({ log_id: row.logId, date: row.date.toISOString() });
    }
    expect(rows.map((r) => [r.type, r.category])).toEqual([
      ['fp', 'auth.login.fail'],
      ['s', 'auth.login.success'],
    ]);
    expect(rows[0].date.toISOString()).toBe('2026-01-01T10:00:00.000Z');
  });
});
