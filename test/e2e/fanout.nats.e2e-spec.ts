import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';
import { asJsonLines, traffic } from '../support/auth0-events';
import { waitFor } from '../support/http-sink-server';
import { configWith, countRows, postBatch, sampleRecords } from '../support/log-streams';
import { createTestApp } from '../utils/test-app';
import { createTestDatabase, TestDatabase } from '../utils/test-database';

// Needs NATS with JetStream (NATS_URL); `npm test` leaves this suite out when it is unset.
const NATS_URL = process.env.NATS_URL as string;
const suffix = randomBytes(4).toString('hex');
const STREAM = `AGW_TEST_${suffix}`;
const PREFIX = `agwtest.${suffix}`;
const UNREACHABLE_NATS = 'nats://127.0.0.1:1';

interface StoredMessage {
  subject: string;
  msgId: string | undefined;
  contentType: string | undefined;
  event: { id: string; type: string; source: string; specversion: string; data: Record<string, unknown> };
}

async function streamMessages(jsm: JetStreamManager): Promise<StoredMessage[]> {
  const info = await jsm.streams.info(STREAM);
  const messages: StoredMessage[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(STREAM, { seq });
    if (!message) continue;
    messages.push({
      subject: message.subject,
      msgId: message.header?.get('Nats-Msg-Id'),
      contentType: message.header?.get('content-type'),
      event: message.json(),
    });
  }
  return messages;
}

describe('fan-out to NATS JetStream (e2e)', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let database: TestDatabase;
  const nats = { stream: STREAM, subjectPrefix: PREFIX, backoffInitialMs: 20, backoffMaxMs: 200, timeoutMs: 2000, maxAttempts: 1000 };
  // The samples date from 2021: a retention long enough to keep them across the restart.
  const configDocument = configWith({ logStreams: { retentionMonths: 600 }, sinks: { pollIntervalMs: 50, nats } });

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    jsm = await jetstreamManager(nc);
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await jsm.streams.delete(STREAM).catch(() => undefined);
    await nc.close();
    await database.drop();
  });

  it('delivers every event once per log id, across a restart that found NATS down', async () => {
    const samples = sampleRecords();
    const batch = [...samples, ...traffic(94, { from: new Date(Date.now() - 3_600_000), to: new Date(), salt: 41 })];

    // A gateway whose NATS is unreachable stores the events and keeps them in the outbox.
    const first = await createTestApp({ configDocument, database, env: { NATS_URL: UNREACHABLE_NATS } });
    try {
      expect((await postBatch(first, asJsonLines(batch))).json()).toEqual({ accepted: 100, duplicates: 0, quarantined: 0 });
      await waitFor('every event attempted', async () => {
        const [row] = await first.prisma.$queryRawUnsafe<Array<{ untried: number; tried: number }>>(
          "SELECT count(*) FILTER (WHERE attempts = 0)::int AS untried, count(*) FILTER (WHERE attempts > 0 AND last_error IS NOT NULL)::int AS tried FROM log_event_outbox WHERE sink = 'nats'",
        );
        return row.untried === 0 && row.tried === 100 ? true : undefined;
      });
    } finally {
      await first.close();
    }

    // The next gateway reaches NATS: it creates the stream and publishes everything.
    const second = await createTestApp({ configDocument, database, env: { NATS_URL } });
    try {
      await waitFor('an empty outbox', async () => ((await countRows(second)).outbox === 0 ? true : undefined), 30_000);
      const messages = await streamMessages(jsm);
      expect(messages).toHaveLength(100);
      expect(new Set(messages.map((m) => m.event.id))).toEqual(new Set(batch.map((r) => r.log_id)));
      for (const message of messages) {
        expect(message.msgId).toBe(message.event.id);
        expect(message.subject).toBe(`${PREFIX}.${message.event.data.type}`);
        expect(message.contentType).toMatch(/^application\/cloudevents\+json/);
        expect(message.event).toMatchObject({ specversion: '1.0', type: `com.auth0.log.${message.event.data.type}` });
      }
      const fp = messages.find((m) => m.event.id === samples[0].log_id)!;
      expect(fp.event.data).toEqual(samples[0].data);

      // Delivered again (at least once: e.g. a crash before the outcome was recorded): JetStream keeps one copy.
      await second.prisma.$executeRawUnsafe(
        `INSERT INTO log_event_outbox (sink, log_id, event_date) SELECT 'nats', log_id, date FROM log_events WHERE log_id = ANY($1::text[])`,
        samples.map((s) => s.log_id),
      );
      await waitFor('the repeats delivered', async () => ((await countRows(second)).outbox === 0 ? true : undefined));
      expect(await streamMessages(jsm)).toHaveLength(100);
    } finally {
      await second.close();
    }
  });
});
