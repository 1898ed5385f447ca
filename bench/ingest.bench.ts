/**
 * Log-stream ingestion end to end: 200,000 realistic Auth0 events in batches of 1,000 as JSON Lines,
 * POSTed over HTTP to the gateway (its own process, as `npm start` runs it) until every batch is
 * acknowledged — against a raw COPY of the same rows into the same table, measured in the same run.
 * Then the store is filled to 1,000,000 events and the p50 latencies of `GET /events?userId=…` and
 * `GET /events/stats?groupBy=hour` are reported.
 *
 *   npm run bench -- ingest            (DATABASE_URL → that server; else an embedded PostgreSQL)
 */
import { Agent, request } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { isQuarantined, toLogEvent } from '../src/log-streams/ingest/event-record';
import { asJsonLines, LogStreamRecord, traffic, userOf } from '../test/support/auth0-events';
import { openBenchDatabase } from './lib/database';
import { percentile, reportResult } from './lib/result';
import { startServer } from './lib/servers';

const EVENTS = 200_000;
const BATCH = 1000;
const STORE_SIZE = 1_000_000;
const USERS = 20_000;
const CONCURRENCY = 4;
const ROUNDS = 3;
const TOKEN = 'bench-log-stream-token-0123456789';
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const HOUR = 3600_000;
const COLUMNS = 'date, log_id, type, category, description, user_id, user_name, client_id, client_name, connection, ip, user_agent, hostname, country, stream, received_at, data';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** The COPY text of records, mapped to the stored columns exactly as the gateway maps them. */
function copyText(records: LogStreamRecord[], receivedAt: Date): string {
  const lines: string[] = [];
  for (const record of records) {
    const e = toLogEvent(record, '', () => '', { stream: 'auth0', receivedAt });
    if (isQuarantined(e)) throw new Error(`unexpected invalid record: ${e.message}`);
    const fields = [e.date.toISOString(), e.logId, e.type, e.category, e.description, e.userId, e.userName, e.clientId, e.clientName, e.connection, e.ip, e.userAgent, e.hostname, e.country, e.stream, e.receivedAt.toISOString(), JSON.stringify(e.data)];
    lines.push(fields.map(copyField).join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

async function copyInto(db: Client, table: string, columns: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks), db.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
}

function post(agent: Agent, url: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function get(agent: Agent, url: string, path: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { agent, headers: { authorization: `Bearer ${ADMIN_KEY}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends every batch, CONCURRENCY at a time, each until it is acknowledged; returns the elapsed ms. */
async function ingest(url: string, bodies: string[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = await post(agent, url, '/log-streams/auth0', body, headers);
        if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${res.body}`);
        accepted += (JSON.parse(res.body) as { accepted: number }).accepted;
      }
    }),
  );
  const elapsed = performance.now() - started;
  agent.destroy();
  if (accepted !== EVENTS) throw new Error(`expected ${EVENTS} events accepted, got ${accepted}`);
  return elapsed;
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase('bench_ingest');
  const databaseUrl = bench.url;
  const db = new Client({ connectionString: databaseUrl });
  let gateway: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await db.connect();
    gateway = await startServer('gateway', { DATABASE_URL: databaseUrl, LOG_STREAM_TOKEN: TOKEN, ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', NATS_URL: '', REDIS_URL: '' });

    // Two hours of traffic, so every event falls in this month's partition or its neighbour.
    const end = new Date();
    const window = { from: new Date(end.getTime() - 2 * HOUR), to: end, users: USERS, total: EVENTS };
    const records = traffic(EVENTS, window);
    const bodies = Array.from({ length: EVENTS / BATCH }, (_, i) => asJsonLines(records.slice(i * BATCH, (i + 1) * BATCH)));
    const copyChunks = Array.from({ length: EVENTS / BATCH }, (_, i) => copyText(records.slice(i * BATCH, (i + 1) * BATCH), end));
    const megabytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / 1024 / 1024;

    const gatewayRates: number[] = [];
    const copyRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await db.query('TRUNCATE log_events, log_event_keys');
      const copyStarted = performance.now();
      await copyInto(db, 'log_events', COLUMNS, copyChunks);
      const copyMs = performance.now() - copyStarted;
      copyRates.push(EVENTS / (copyMs / 1000));
      await db.query('TRUNCATE log_events, log_event_keys');

      const gatewayMs = await ingest(gateway.url, bodies);
      gatewayRates.push(EVENTS / (gatewayMs / 1000));
      console.log(
        `round ${round + 1}: gateway ${(EVENTS / (gatewayMs / 1000)).toFixed(0)} events/s (${gatewayMs.toFixed(0)} ms), raw COPY ${(EVENTS / (copyMs / 1000)).toFixed(0)} events/s (${copyMs.toFixed(0)} ms)`,
      );
    }
    const { rows } = await db.query('SELECT count(*)::int AS events, (SELECT count(*)::int FROM log_event_keys) AS keys FROM log_events');
    if (rows[0].events !== EVENTS || rows[0].keys !== EVENTS) throw new Error(`expected ${EVENTS} stored events, found ${JSON.stringify(rows[0])}`);

    // Fill the store to 1,000,000 events over a week (older events straight into the tables), then query it.
    const weekStart = new Date(end.getTime() - 7 * 24 * HOUR);
    const older = { from: weekStart, to: window.from, users: USERS, total: STORE_SIZE - EVENTS, salt: 1 };
    for (let offset = 0; offset < STORE_SIZE - EVENTS; offset += 50_000) {
      const chunk = traffic(50_000, older, offset);
      await copyInto(db, 'log_events', COLUMNS, [copyText(chunk, end)]);
      await copyInto(db, 'log_event_keys', 'log_id, date', [chunk.map((r) => `${r.log_id}\t${r.data.date}`).join('\n') + '\n']);
    }
    // A store that has been running is vacuumed and analysed by autovacuum; do it now rather than wait.
    await db.query('VACUUM (ANALYZE) log_events');
    if (process.env.BENCH_EXPLAIN) {
      const plan = await db.query(`EXPLAIN ANALYZE SELECT date_trunc('hour', e.date AT TIME ZONE 'UTC'), count(*) FROM log_events e WHERE e.date >= $1 AND e.date < $2 GROUP BY 1`, [weekStart, end]);
      console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const byUser: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await get(agent, gateway.url, `/events?userId=${encodeURIComponent(userOf((i * 97) % USERS).id)}`);
      if (res.status !== 200) throw new Error(`GET /events answered ${res.status}`);
      byUser.push(res.ms);
    }
    const hourly: number[] = [];
    const statsPath = `/events/stats?groupBy=hour&from=${weekStart.toISOString()}&to=${end.toISOString()}`;
    for (let i = 0; i < 15; i++) {
      const res = await get(agent, gateway.url, statsPath);
      if (res.status !== 200) throw new Error(`GET /events/stats answered ${res.status}`);
      hourly.push(res.ms);
    }
    agent.destroy();

    reportResult({
      name: 'ingest',
      metric: 'events_per_s',
      value: median(gatewayRates),
      baseline: median(copyRates),
      target: '≥ 0.4',
      notes: {
        events: EVENTS,
        batch_size: BATCH,
        concurrent_requests: CONCURRENCY,
        body_mb_total: megabytes.toFixed(1),
        rounds: ROUNDS,
        store_events_for_queries: STORE_SIZE,
        'GET /events?userId=… p50_ms': percentile(byUser, 50).toFixed(1),
        'GET /events?userId=… p99_ms': percentile(byUser, 99).toFixed(1),
        'GET /events/stats?groupBy=hour (7 days, 1M events) p50_ms': percentile(hourly, 50).toFixed(1),
      },
    });
  } finally {
    await gateway?.stop();
    await db.end().catch(() => undefined);
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
