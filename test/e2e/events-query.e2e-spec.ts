import { auth0Event, asJsonLines, ipOf, LogStreamRecord, userOf } from '../support/auth0-events';
import { configWith, postBatch } from '../support/log-streams';
import { createTestApp, expectErrorBody, TestApp } from '../utils/test-app';

const HOUR = 3600_000;
// A fixed window in the current month, so the events land in a monthly partition.
const base = new Date(Math.floor(Date.now() / HOUR) * HOUR - 30 * HOUR);
const at = (hours: number, minutes = 0) => new Date(base.getTime() + hours * HOUR + minutes * 60_000);

let sequence = 0;
function event(type: string, hours: number, options: { user?: number; ip?: number; minutes?: number; description?: string } = {}): LogStreamRecord {
  const record = auth0Event(type, { date: at(hours, options.minutes ?? 0), sequence: ++sequence, user: options.user ?? 1, ip: options.ip, salt: 42 });
  if (options.description) record.data.description = options.description;
  return record;
}

/**
 * The data set: user 1 logs in a few times; user 2 fails from IP 200 (brute force, 6 fp in one hour);
 * IP 300 fails for many users; two signups on one day, one the next; a breached password.
 */
function dataSet(): LogStreamRecord[] {
  const records: LogStreamRecord[] = [];
  for (let h = 0; h < 5; h++) records.push(event('s', h, { user: 1 }));
  for (let m = 0; m < 6; m++) records.push(event('fp', 2, { user: 2, ip: 200, minutes: m * 5 }));
  records.push(event('limit_wc', 2, { user: 2, ip: 200, minutes: 40 }));
  for (let u = 10; u < 14; u++) records.push(event('fu', 3, { user: u, ip: 300, minutes: u }));
  records.push(event('ss', 1, { user: 20 }), event('ss', 1, { user: 21, minutes: 30 }), event('ss', 25, { user: 22 }));
  records.push(event('pwd_leak', 4, { user: 23 }));
  records.push(event('sapi', 4, { user: 1, description: 'Update a user 100% of the time' }));
  return records;
}

describe('event queries (e2e)', () => {
  let t: TestApp;
  const records = dataSet();
  const get = (url: string) => t.admin({ method: 'GET', url });

  beforeAll(async () => {
    t = await createTestApp({ configDocument: configWith() });
    expect((await postBatch(t, asJsonLines(records))).json()).toMatchObject({ accepted: records.length });
  });
  afterAll(() => t.close());

  describe('GET /events', () => {
    it('lists newest first and pages with a cursor until every event was seen once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get(`/events?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode).toBe(200);
        const page = res.json() as { events: Array<{ logId: string; date: string }>; nextCursor: string | null };
        seen.push(...page.events.map((e) => e.logId));
        const dates = page.events.map((e) => e.date);
        expect([...dates].sort().reverse()).toEqual(dates);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(seen).toHaveLength(records.length);
      expect(new Set(seen).size).toBe(records.length);
      const newestFirst = [...records].sort((a, b) => String(b.data.date).localeCompare(String(a.data.date)) || b.log_id.localeCompare(a.log_id));
      expect(seen).toEqual(newestFirst.map((r) => r.log_id));
    });

    it('filters by type (repeatable), category, user, IP, client, connection, time window and free text', async () => {
      const ids = async (query: string) => ((await get(`/events?limit=200&${query}`)).json().events as Array<{ logId: string }>).map((e) => e.logId).sort();
      const expected = (pick: (r: LogStreamRecord) => boolean) => records.filter(pick).map((r) => r.log_id).sort();
      expect(await ids('type=fp&type=fu')).toEqual(expected((r) => r.data.type === 'fp' || r.data.type === 'fu'));
      expect(await ids('category=auth.login.fail')).toEqual(expected((r) => ['fp', 'fu'].includes(r.data.type as string)));
      expect(await ids(`userId=${encodeURIComponent(userOf(2).id)}`)).toEqual(expected((r) => r.data.user_id === userOf(2).id));
      expect(await ids(`userName=${encodeURIComponent(userOf(1).email)}`)).toEqual(expected((r) => r.data.user_name === userOf(1).email));
      expect(await ids(`ip=${ipOf(300)}`)).toEqual(expected((r) => r.data.ip === ipOf(300)));
      const client = records[0].data.client_id as string;
      expect(await ids(`clientId=${client}`)).toEqual(expected((r) => r.data.client_id === client));
      expect(await ids('connection=Username-Password-Authentication&type=s')).toEqual(expected((r) => r.data.type === 's'));
      expect(await ids(`from=${at(2).toISOString()}&to=${at(3).toISOString()}`)).toEqual(expected((r) => r.data.date! >= at(2).toISOString() && r.data.date! < at(3).toISOString()));
      expect(await ids('q=WRONG%20EMAIL')).toEqual(expected((r) => /wrong email/i.test(r.data.description as string)));
      // Wildcards in free text match themselves.
      expect(await ids('q=100%25')).toEqual(expected((r) => r.data.type === 'sapi'));
      expect(await ids('q=1_0')).toEqual([]);
      expect(await ids('stream=gateway')).toEqual([]);
    });

    it('rejects bad parameters with 400 in the error body', async () => {
      expectErrorBody(await get('/events?limit=0'), 400, 'validation_failed');
      expectErrorBody(await get('/events?limit=abc'), 400, 'validation_failed');
      expectErrorBody(await get('/events?category=nope'), 400, 'validation_failed');
      expectErrorBody(await get('/events?from=yesterday'), 400, 'validation_failed');
      expectErrorBody(await get('/events?cursor=garbage'), 400, 'invalid_cursor');
      expectErrorBody(await get(`/events?from=${at(3).toISOString()}&to=${at(2).toISOString()}`), 400, 'invalid_time_window');
      expectErrorBody(await get('/events?unknown=1'), 400, 'validation_failed');
    });

    it('needs the events:read scope', async () => {
      expectErrorBody(await t.inject({ method: 'GET', url: '/events' }), 401, 'missing_api_key');
      const created = await t.admin({ method: 'POST', url: '/admin/api-keys', payload: { name: 'users-only', scopes: ['users:read'] } });
      const key = created.json().key as string;
      expectErrorBody(await t.inject({ method: 'GET', url: '/events', headers: { 'x-api-key': key } }), 403, 'insufficient_scope');
      const reader = (await t.admin({ method: 'POST', url: '/admin/api-keys', payload: { name: 'reader', scopes: ['events:read'] } })).json().key as string;
      expect((await t.inject({ method: 'GET', url: '/events', headers: { 'x-api-key': reader } })).statusCode).toBe(200);
    });
  });

  describe('GET /events/:logId', () => {
    it('returns one event with its data as received', async () => {
      const record = records[7];
      const res = await get(`/events/${record.log_id}`);
      expect(res.statusCode).toBe(200);
      const country = (record.data.location_info as { country_code: string }).country_code;
      expect(res.json()).toMatchObject({ logId: record.log_id, type: record.data.type, date: record.data.date, stream: 'auth0', country, data: record.data });
    });

    it('answers 404 for an unknown log id', async () => {
      expectErrorBody(await get('/events/90020261103082515482106767167326018758436529088273317970'), 404, 'event_not_found');
    });
  });

  describe('GET /events/stats', () => {
    const window = `from=${at(0).toISOString()}&to=${at(30).toISOString()}`;

    it('counts per hour, every hour of the window, zeros included', async () => {
      const res = await get(`/events/stats?groupBy=hour&${window}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.total).toBe(records.length);
      expect(body.buckets).toHaveLength(30);
      expect(body.buckets[0]).toEqual({ key: at(0).toISOString(), count: 1 });
      expect(body.buckets[2]).toEqual({ key: at(2).toISOString(), count: 1 + 6 + 1 });
      expect(body.buckets[10]).toEqual({ key: at(10).toISOString(), count: 0 });
    });

    it('counts per day and per category, applying filters', async () => {
      const days = (await get(`/events/stats?groupBy=day&category=auth.signup.success&${window}`)).json();
      expect(days.total).toBe(3);
      expect(days.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(3);
      const categories = (await get(`/events/stats?groupBy=category&${window}`)).json();
      expect(categories.buckets[0]).toEqual({ key: 'auth.login.fail', count: 10 });
    });

    it('gives the top N types (with their names), IPs, users, clients and countries', async () => {
      const types = (await get(`/events/stats?groupBy=type&limit=2&${window}`)).json();
      expect(types.total).toBe(records.length);
      expect(types.buckets).toEqual([
        { key: 'fp', label: 'Failed Login (Incorrect Password)', count: 6 },
        { key: 's', label: 'Success Login', count: 5 },
      ]);
      expect((await get(`/events/stats?groupBy=ip&limit=1&${window}`)).json().buckets).toEqual([{ key: ipOf(200), count: 7 }]);
      expect((await get(`/events/stats?groupBy=user&limit=1&${window}`)).json().buckets).toEqual([{ key: userOf(2).id, label: userOf(2).email, count: 7 }]);
      const clients = (await get(`/events/stats?groupBy=client&${window}`)).json();
      expect(clients.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(records.length);
      expect(clients.buckets.every((b: { label: string | null }) => typeof b.label === 'string')).toBe(true);
      const countries = (await get(`/events/stats?groupBy=country&${window}`)).json();
      const expected = new Map<string, number>();
      for (const r of records) {
        const code = (r.data.location_info as { country_code: string }).country_code;
        expected.set(code, (expected.get(code) ?? 0) + 1);
      }
      expect(Object.fromEntries(countries.buckets.map((b: { key: string; count: number }) => [b.key, b.count]))).toEqual(Object.fromEntries(expected));
    });

    it('rejects an unknown grouping and a window too long for hourly buckets', async () => {
      expectErrorBody(await get('/events/stats?groupBy=week'), 400, 'validation_failed');
      expectErrorBody(await get('/events/stats'), 400, 'validation_failed');
      expectErrorBody(await get('/events/stats?groupBy=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z'), 400, 'window_too_large');
    });
  });

  describe('GET /events/security', () => {
    it('answers who fails to log in, who brute-forces, who signs up, and breached passwords', async () => {
      const res = await get(`/events/security?from=${at(0).toISOString()}&to=${at(30).toISOString()}&limit=5`);
      expect(res.statusCode).toBe(200);
      const report = res.json();
      expect(report.failedLogins.total).toBe(10);
      expect(report.failedLogins.byIp[0]).toMatchObject({ ip: ipOf(200), count: 6, users: 1 });
      expect(report.failedLogins.byIp[1]).toMatchObject({ ip: ipOf(300), count: 4, users: 4 });
      expect(report.failedLogins.byUser[0]).toMatchObject({ userId: userOf(2).id, userName: userOf(2).email, count: 6, ips: 1 });
      // Six fp and one limit_wc from IP 200 within one hour: above the default threshold of 4.
      expect(report.bruteForce).toEqual({ threshold: 4, hours: [{ ip: ipOf(200), hour: at(2).toISOString(), count: 7, types: ['fp', 'limit_wc'] }] });
      expect(report.signupsPerDay.reduce((n: number, d: { count: number }) => n + d.count, 0)).toBe(3);
      expect(report.signupsPerDay.every((d: { day: string }) => /^\d{4}-\d{2}-\d{2}$/.test(d.day))).toBe(true);
      expect(report.credentialSignals).toEqual([{ type: 'pwd_leak', count: 1 }]);
    });

    it('reports no brute force under a higher threshold, and defaults to the last 24 hours', async () => {
      const strict = (await get(`/events/security?from=${at(0).toISOString()}&to=${at(30).toISOString()}&bruteForceThreshold=7`)).json();
      expect(strict.bruteForce.hours).toEqual([]);
      const recent = (await get('/events/security')).json();
      expect(new Date(recent.to).getTime() - new Date(recent.from).getTime()).toBe(24 * HOUR);
    });
  });
});
