import type { LocalImportJob } from '../../generated/prisma/client';
import { toImportJob } from './local-import-jobs.service';

const job = (overrides: Partial<LocalImportJob>): LocalImportJob => ({
  id: 'job_AAAAAAAAAAAAAAAA',
  connectionId: 'con_AAAAAAAAAAAAAAAA',
  connection: 'db',
  status: 'processing',
  upsert: false,
  externalId: null,
  sendCompletionEmail: true,
  users: [],
  total: 1000,
  processed: 250,
  inserted: 240,
  updated: 0,
  failed: 10,
  failureReason: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  startedAt: new Date('2026-01-01T00:00:10Z'),
  completedAt: null,
  ...overrides,
});

describe("toImportJob (Auth0's job body)", () => {
  it('reports percentage_done and the time left at the pace so far while processing', () => {
    const body = toImportJob(job({}), Date.parse('2026-01-01T00:00:20Z'));
    expect(body).toMatchObject({ status: 'processing', percentage_done: 25, time_left_seconds: 30 });
    expect(body).not.toHaveProperty('summary');
  });

  it('shows the summary, and no progress, once the job is finished', () => {
    const body = toImportJob(job({ status: 'completed', processed: 1000, inserted: 990 }));
    expect(body.summary).toEqual({ inserted: 990, updated: 0, failed: 10, total: 1000 });
    expect(body).not.toHaveProperty('percentage_done');
    expect(toImportJob(job({ status: 'pending', processed: 0, startedAt: null }))).not.toHaveProperty('percentage_done');
  });
});
