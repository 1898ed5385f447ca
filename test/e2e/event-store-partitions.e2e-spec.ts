import { join } from 'node:path';
import { diffDatabaseToSchema } from '../../src/database/schema-engine/schema-diff';
import { addMonths, monthOf, partitionName } from '../../src/log-streams/store/months';
import { EventPartitions } from '../../src/log-streams/store/event-partitions';
import { asJsonLines, auth0Event } from '../support/auth0-events';
import { configWith, postBatch } from '../support/log-streams';
import { createTestApp, TestApp } from '../utils/test-app';

const SCHEMA = join(__dirname, '..', '..', 'prisma', 'schema.prisma');

async function rowsPerPartition(t: TestApp): Promise<Record<string, number>> {
  const rows = await t.prisma.$queryRawUnsafe<Array<{ partition: string; count: number }>>(
    'SELECT tableoid::regclass::text AS partition, count(*)::int AS count FROM log_events GROUP BY 1',
  );
  return Object.fromEntries(rows.map((r) => [r.partition, r.count]));
}

describe('the event store: monthly partitions and retention (e2e)', () => {
  let t: TestApp;
  const thisMonth = monthOf(new Date());
  let sequence = 0;
  const eventOn = (date: Date) => auth0Event('s', { date, sequence: ++sequence, salt: 60 });

  beforeAll(async () => {
    t = await createTestApp({ configDocument: configWith({ logStreams: { retentionMonths: 3 } }) });
  });
  afterAll(() => t.close());

  it('has the partitions of this month and the next once started, with the parent indexes', async () => {
    const partitions = await t.app.get(EventPartitions).monthlyPartitions();
    expect(partitions).toEqual(expect.arrayContaining([partitionName(thisMonth), partitionName(addMonths(thisMonth, 1))]));
    const indexes = await t.prisma.$queryRawUnsafe<Array<{ indexdef: string }>>('SELECT indexdef FROM pg_indexes WHERE tablename = $1', partitionName(thisMonth));
    expect(indexes.map((i) => i.indexdef).join('\n')).toMatch(/user_id, date/);
    expect(indexes).toHaveLength(6);
  });

  it('still matches schema.prisma: partitions are not drift', async () => {
    expect(await diffDatabaseToSchema({ databaseUrl: t.database.url, schemaPath: SCHEMA })).toBe('');
  });

  it('routes events by month; dates outside every partition go to the default one and move when their month gets one', async () => {
    const now = eventOn(new Date());
    const soon = eventOn(addMonths(thisMonth, 2));
    const lastMonth = eventOn(new Date(thisMonth.getTime() - 1000));
    expect((await postBatch(t, asJsonLines([now, soon, lastMonth]))).json()).toMatchObject({ accepted: 3 });
    expect(await rowsPerPartition(t)).toMatchObject({ [partitionName(thisMonth)]: 1, log_events_default: 2 });

    const partitions = t.app.get(EventPartitions);
    expect(await partitions.ensurePartition(addMonths(thisMonth, 2))).toBe(true);
    expect(await partitions.ensurePartition(addMonths(thisMonth, 2))).toBe(false);
    expect(await rowsPerPartition(t)).toMatchObject({ [partitionName(thisMonth)]: 1, [partitionName(addMonths(thisMonth, 2))]: 1, log_events_default: 1 });
    const res = await t.admin({ method: 'GET', url: `/events/${soon.log_id}` });
    expect(res.json()).toMatchObject({ logId: soon.log_id });
  });

  it('creates a partition once when two replicas try at the same time', async () => {
    const other = await createTestApp({ database: t.database, configDocument: configWith({ logStreams: { retentionMonths: 3 } }) });
    try {
      const month = addMonths(thisMonth, 5);
      const created = await Promise.all([t.app.get(EventPartitions).ensurePartition(month), other.app.get(EventPartitions).ensurePartition(month)]);
      expect(created.sort()).toEqual([false, true]);
    } finally {
      await other.close();
    }
  });

  it('drops whole partitions past the retention and the expired keys, default rows and quarantine with them', async () => {
    const partitions = t.app.get(EventPartitions);
    const old = eventOn(new Date(addMonths(thisMonth, -1).getTime() + 3600_000));
    await partitions.ensurePartition(addMonths(thisMonth, -1));
    expect((await postBatch(t, asJsonLines([old]))).json()).toMatchObject({ accepted: 1 });
    const ancient = eventOn(addMonths(thisMonth, -24));
    await postBatch(t, 'not json\n' + asJsonLines([eventOn(new Date()), ancient]));
    expect((await rowsPerPartition(t)).log_events_default).toBe(1);
    // Last month's partition took the event just posted and, from the default partition, last month's earlier one.
    expect((await rowsPerPartition(t))[partitionName(addMonths(thisMonth, -1))]).toBe(2);

    // Four months from now, with three months kept, last month's and this month's partitions are past the retention.
    const later = addMonths(thisMonth, 4);
    const report = await partitions.applyRetention(later);
    expect(report.cutoff).toEqual(addMonths(later, -3));
    expect(report.droppedPartitions).toEqual([partitionName(addMonths(thisMonth, -1)), partitionName(thisMonth)]);
    expect(await partitions.monthlyPartitions()).not.toContain(partitionName(thisMonth));
    const after = await rowsPerPartition(t);
    expect(after[partitionName(thisMonth)]).toBeUndefined();
    expect(report.deletedDefaultRows).toBe(1);
    expect(after.log_events_default).toBeUndefined();
    expect(await t.prisma.logEventKey.count({ where: { logId: old.log_id } })).toBe(0);
    expect((await t.admin({ method: 'GET', url: `/events/${old.log_id}` })).statusCode).toBe(404);
    expect(await t.prisma.logEventQuarantine.count()).toBe(0);
    // What is left is the future months' partitions and their events.
    expect(after[partitionName(addMonths(thisMonth, 2))]).toBe(1);
  });
});
