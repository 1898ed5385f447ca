import { hasUnstorableText, isQuarantined, mayHoldUnstorableText, QuarantinedRecord, toLogEvent } from './event-record';

const context = { stream: 'auth0', receivedAt: new Date('2026-11-20T10:00:00.000Z') };
const map = (value: unknown) => toLogEvent(value, 'line 1', () => JSON.stringify(value), context);
const reasonOf = (value: unknown) => (map(value) as QuarantinedRecord).reason;

describe('toLogEvent', () => {
  const data = {
    date: '2026-11-20T09:59:58.123Z',
    type: 'fp',
    description: 'Wrong email or password.',
    user_id: 'auth0|1',
    user_name: 'a@b.c',
    client_id: 'c1',
    client_name: 'Shop',
    connection: 'db',
    ip: '81.2.69.143',
    user_agent: 'curl',
    hostname: 't.eu.auth0.com',
    location_info: { country_code: 'gb' },
    log_id: '9001',
  };

  it('maps the typed columns and keeps data whole', () => {
    const event = map({ log_id: '9001', data });
    expect(isQuarantined(event)).toBe(false);
    expect(event).toEqual({
      logId: '9001',
      date: new Date('2026-11-20T09:59:58.123Z'),
      type: 'fp',
      category: 'auth.login.fail',
      description: 'Wrong email or password.',
      userId: 'auth0|1',
      userName: 'a@b.c',
      clientId: 'c1',
      clientName: 'Shop',
      connection: 'db',
      ip: '81.2.69.143',
      userAgent: 'curl',
      hostname: 't.eu.auth0.com',
      country: 'GB',
      stream: 'auth0',
      receivedAt: context.receivedAt,
      data,
    });
  });

  it('is lenient where real payloads vary', () => {
    const event = map({ data: { type: 'brand_new', log_id: '9002', connection_id: '', user_id: '' } });
    expect(event).toMatchObject({ logId: '9002', category: 'other', date: context.receivedAt, userId: null, connection: null, country: null });
  });

  it('looks the country up by IP when the event carries none', () => {
    const event = toLogEvent({ log_id: '9003', data: { type: 's', ip: '1.2.3.4' } }, 'line 1', () => '', { ...context, countryOf: (ip) => (ip === '1.2.3.4' ? 'AU' : null) });
    expect(event).toMatchObject({ country: 'AU' });
  });

  it('cuts indexed columns to 512 characters, leaving data whole', () => {
    const long = 'x'.repeat(3000);
    const event = map({ log_id: '9004', data: { type: 's', user_id: long } });
    expect(event).toMatchObject({ userId: 'x'.repeat(512), data: { user_id: long } });
  });

  it.each([
    [[1, 2], 'not_an_object'],
    [{ data: { type: 's' } }, 'missing_log_id'],
    [{ log_id: '', data: { type: 's' } }, 'missing_log_id'],
    [{ log_id: 'a b', data: { type: 's' } }, 'invalid_log_id'],
    [{ log_id: 'x'.repeat(129), data: { type: 's' } }, 'invalid_log_id'],
    [{ log_id: '1', data: { type: 's', log_id: '2' } }, 'invalid_log_id'],
    [{ log_id: '1' }, 'invalid_data'],
    [{ log_id: '1', data: [] }, 'invalid_data'],
    [{ log_id: '1', data: { description: 'x' } }, 'missing_type'],
    [{ log_id: '1', data: { type: 's', date: 'soon' } }, 'invalid_date'],
  ])('quarantines %j as %s', (value, reason) => {
    expect(reasonOf(value)).toBe(reason);
  });

  it('keeps the raw text and the log id of a quarantined record', () => {
    expect(map({ log_id: '77', data: { type: 's', date: 'soon' } })).toEqual({
      position: 'line 1',
      reason: 'invalid_date',
      message: 'line 1: data.date is not an ISO 8601 date',
      logId: '77',
      raw: '{"log_id":"77","data":{"type":"s","date":"soon"}}',
    });
  });
});

describe('hasUnstorableText', () => {
  it('finds NUL characters and unpaired surrogates as JSON.stringify writes them', () => {
    expect(hasUnstorableText(JSON.stringify({ a: 'x\u0000y' }))).toBe(true);
    expect(hasUnstorableText(JSON.stringify({ a: '\ud800' }))).toBe(true);
    expect(hasUnstorableText(JSON.stringify({ a: 'emoji 😀 and é' }))).toBe(false);
    // A literal backslash followed by u0000 is ordinary text.
    expect(hasUnstorableText(JSON.stringify({ a: '\\u0000' }))).toBe(false);
    expect(hasUnstorableText(JSON.stringify({ a: '\\\u0000' }))).toBe(true);
  });
});

describe('mayHoldUnstorableText', () => {
  it('is false for ordinary bodies and true when an escape could produce such text', () => {
    expect(mayHoldUnstorableText('{"a": "plain é 😀"}')).toBe(false);
    expect(mayHoldUnstorableText('{"a": "\\u0000"}')).toBe(true);
    expect(mayHoldUnstorableText('{"a": "\\ud83d\\ude00"}')).toBe(true);
  });

  it('makes toLogEvent quarantine data PostgreSQL cannot store, with the record position', () => {
    const value = { log_id: '1', data: { type: 's', description: 'x\u0000y' } };
    expect(toLogEvent(value, '[3]', () => '', { ...context, checkText: true })).toMatchObject({ position: '[3]', reason: 'unsupported_character', logId: '1' });
    expect(isQuarantined(toLogEvent({ log_id: '2', data: { type: 's', description: '😀' } }, '[4]', () => '', { ...context, checkText: true }))).toBe(false);
  });
});
