import { ApiError } from '../../common/errors/api-error';
import { locateSyntaxError, parseBatch } from './batch-parser';

const record = (id: string) => ({ log_id: id, data: { type: 's', log_id: id } });

function rejection(body: string): ApiError {
  try {
    parseBatch(body);
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected a rejection');
}

describe('parseBatch', () => {
  it('reads JSON Lines with blank lines, CRLF and a trailing newline', () => {
    const batch = parseBatch(`${JSON.stringify(record('1'))}\r\n\n${JSON.stringify(record('2'))}\n\n`);
    expect(batch.format).toBe('json-lines');
    expect(batch.records.map((r) => [r.position, (r.value as { log_id: string }).log_id])).toEqual([
      ['line 1', '1'],
      ['line 3', '2'],
    ]);
    expect(batch.records[0].raw()).toBe(JSON.stringify(record('1')));
    expect(batch.unparseable).toEqual([]);
  });

  it('reads a JSON array and a {"logs": [...]} object, positions as indexes', () => {
    expect(parseBatch(JSON.stringify([record('1'), record('2')])).records.map((r) => r.position)).toEqual(['[0]', '[1]']);
    const object = parseBatch(JSON.stringify({ logs: [record('1')] }));
    expect(object.format).toBe('json-object');
    expect(object.records.map((r) => r.position)).toEqual(['logs[0]']);
  });

  it('reads a single record, on one line or pretty-printed', () => {
    expect(parseBatch(JSON.stringify(record('1'))).records).toHaveLength(1);
    expect(parseBatch(JSON.stringify(record('1'), null, 2)).records).toHaveLength(1);
  });

  it('keeps the good lines of JSON Lines and reports the bad ones with line and column', () => {
    const batch = parseBatch([JSON.stringify(record('1')), '{"log_id": "2", "data": ', JSON.stringify(record('3')), 'nope'].join('\n'));
    expect(batch.records.map((r) => r.position)).toEqual(['line 1', 'line 3']);
    expect(batch.unparseable).toEqual([
      { position: 'line 2', raw: '{"log_id": "2", "data": ', message: expect.stringMatching(/^line 2, column 25: /) },
      { position: 'line 4', raw: 'nope', message: 'line 4, column 1: invalid symbol' },
    ]);
  });

  it('keeps the good lines when the first line is the bad one', () => {
    const batch = parseBatch(['garbage', JSON.stringify(record('2'))].join('\n'));
    expect(batch.records.map((r) => r.position)).toEqual(['line 2']);
    expect(batch.unparseable.map((u) => u.position)).toEqual(['line 1']);
  });

  it('rejects a body that is not JSON at all, with the place of the error', () => {
    const error = rejection('hello world');
    expect(error.getStatus()).toBe(400);
    expect(error.errorCode).toBe('invalid_json');
    expect(error.message).toContain('line 1, column 1');
  });

  it('rejects a broken JSON array as a whole instead of reading its lines', () => {
    const body = `[\n${JSON.stringify(record('1'))},\n${JSON.stringify(record('2'))}\n`;
    const error = rejection(body);
    expect(error.errorCode).toBe('invalid_json');
    expect(error.details).toEqual([{ path: 'body', message: expect.stringMatching(/^line 4, column 1: /) }]);
  });

  it('rejects a broken pretty-printed object', () => {
    expect(rejection('{\n  "logs": [\n    {"log_id": "1",}\n  ]\n}').details?.[0].message).toMatch(/^line 3, column 20: /);
  });

  it('rejects an empty body and JSON that holds no records', () => {
    expect(rejection('  \n').errorCode).toBe('invalid_body');
    expect(rejection('42').errorCode).toBe('invalid_body');
    expect(rejection('null').errorCode).toBe('invalid_body');
    // Lines of JSON scalars are not records either.
    expect(rejection('1\n2\n').errorCode).toBe('invalid_json');
  });

  it('ignores a byte order mark', () => {
    expect(parseBatch(`\uFEFF${JSON.stringify([record('1')])}`).records).toHaveLength(1);
  });
});

describe('locateSyntaxError', () => {
  it('gives 1-based line and column', () => {
    expect(locateSyntaxError('{"a": 1,\n "b": }')).toEqual({ line: 2, column: 7, message: 'value expected' });
  });
});
