import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asJsonLines, auth0Event, COMMON_TYPES, LogStreamRecord } from '../support/auth0-events';
import { postBatch } from '../support/log-streams';
import { createTestApp, TestApp } from '../utils/test-app';

// Auth0's filter category of each type (its log event type codes and log-stream filters).
const EXPECTED_CATEGORY: Record<(typeof COMMON_TYPES)[number], string> = {
  s: 'auth.login.success',
  ssa: 'auth.silent_auth.success',
  seacft: 'auth.token_exchange.success',
  sertft: 'auth.token_exchange.success',
  fsa: 'auth.silent_auth.fail',
  slo: 'auth.logout.success',
  seccft: 'auth.token_exchange.success',
  mgmt_api_read: 'management.success',
  fp: 'auth.login.fail',
  f: 'auth.login.fail',
  fu: 'auth.login.fail',
  sapi: 'management.success',
  ss: 'auth.signup.success',
  feacft: 'auth.token_exchange.fail',
  fertft: 'auth.token_exchange.fail',
  sepft: 'auth.token_exchange.success',
  scp: 'user.success',
  fs: 'auth.signup.fail',
  limit_wc: 'system.notification',
  pwd_leak: 'other',
};

describe('Auth0 events of the 20 most common types, checked against their JSON Schemas (e2e)', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const schemas = new Map<string, ValidateFunction>(
    COMMON_TYPES.map((type) => [type, ajv.compile(JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'auth0-log-schemas', `${type}.schema.json`), 'utf8')))]),
  );
  const now = Date.now();
  const records: LogStreamRecord[] = COMMON_TYPES.map((type, i) => auth0Event(type, { date: new Date(now - (i + 1) * 60_000), sequence: i, user: i, salt: 20 }));
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const problems = (type: string, data: unknown) => {
    const validate = schemas.get(type)!;
    return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  };

  it.each(COMMON_TYPES.map((type, i) => [type, i] as const))('generates a valid %s event (and the schema rejects it without tenant_name)', (type, i) => {
    expect(problems(type, records[i].data)).toEqual([]);
    const { tenant_name: _dropped, ...incomplete } = records[i].data;
    expect(problems(type, incomplete)).toContain("/ must have required property 'tenant_name'");
    expect(problems(type, { ...records[i].data, type: 'not-this-type' }).length).toBeGreaterThan(0);
  });

  it('stores each of them with its category and gives it back still valid against its schema', async () => {
    expect((await postBatch(t, asJsonLines(records))).json()).toEqual({ accepted: 20, duplicates: 0, quarantined: 0 });
    for (const record of records) {
      const type = record.data.type as (typeof COMMON_TYPES)[number];
      const res = await t.admin({ method: 'GET', url: `/events/${record.log_id}` });
      expect(res.statusCode).toBe(200);
      const event = res.json();
      expect({ type, category: event.category }).toEqual({ type, category: EXPECTED_CATEGORY[type] });
      expect(problems(type, event.data)).toEqual([]);
      expect(event.data).toEqual(record.data);
    }
  });
});
