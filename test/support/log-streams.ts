import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import type { TestApp } from '../utils/test-app';
import type { LogStreamRecord } from './auth0-events';

/** The token of the development configuration's `auth0` stream in tests (see testEnv). */
export const STREAM_AUTHORIZATION = 'Bearer test-log-stream-token-0123456789';

/** The six real records of the fixture file, in order. */
export function sampleRecords(): LogStreamRecord[] {
  return readFileSync(join(__dirname, '..', 'fixtures', 'auth0-log-stream-samples.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LogStreamRecord);
}

/**
 * The development configuration with other log-stream and sink settings, and without the seeded demo
 * user, whose creation events the gateway records in the same store: these suites count every event.
 */
export function configWith(overrides: { logStreams?: Record<string, unknown>; sinks?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    ...DEVELOPMENT_CONFIG,
    localTenant: { ...DEVELOPMENT_CONFIG.localTenant, seedUsers: [] },
    logStreams: { ...DEVELOPMENT_CONFIG.logStreams, ...overrides.logStreams },
    ...(overrides.sinks ? { sinks: overrides.sinks } : {}),
  };
}

/** POSTs a batch to a stream, with the stream's token unless headers say otherwise. */
export function postBatch(t: TestApp, body: string | Buffer, options: { stream?: string; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
  const request: InjectOptions = {
    method: 'POST',
    url: `/log-streams/${options.stream ?? 'auth0'}`,
    headers: { 'content-type': 'application/json', authorization: STREAM_AUTHORIZATION, ...options.headers },
    payload: body,
  };
  return t.inject(request);
}

export async function countRows(t: TestApp): Promise<{ events: number; keys: number; quarantined: number; outbox: number }> {
  const [row] = await t.prisma.$queryRawUnsafe<Array<{ events: number; keys: number; quarantined: number; outbox: number }>>(
    `SELECT (SELECT count(*)::int FROM log_events) AS events, (SELECT count(*)::int FROM log_event_keys) AS keys,
            (SELECT count(*)::int FROM log_event_quarantine) AS quarantined, (SELECT count(*)::int FROM log_event_outbox) AS outbox`,
  );
  return row;
}
