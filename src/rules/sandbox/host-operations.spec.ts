import { createHmac } from 'node:crypto';
import { libraryVersions, parseGuestJson, runSyncOperation } from './host-operations';

const run = (op: string, payload: unknown) => JSON.parse(runSyncOperation(op, JSON.stringify(payload)));
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('sandbox host operations', () => {
  it('hash and HMAC over the chunks the guest sends, with the algorithms allowed', () => {
    expect(Buffer.from(run('hash', { algorithm: 'sha256', chunks: [b64('a'), b64('bc')] }), 'base64').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(run('hmac', { algorithm: 'SHA256', key: b64('k'), chunks: [b64('m')] })).toBe(createHmac('sha256', 'k').update('m').digest('base64'));
    expect(() => run('hash', { algorithm: 'whirlpool', chunks: [] })).toThrow('Digest method not supported');
    expect(() => run('randomBytes', { size: 1e6 })).toThrow(RangeError);
    expect(Buffer.from(run('randomBytes', { size: 16 }), 'base64')).toHaveLength(16);
  });

  it("parses URLs and query strings with Node's own semantics", () => {
    expect(run('URL', { input: '/cb?x=1', base: 'https://login.example.com' })).toEqual(expect.objectContaining({ href: 'https://login.example.com/cb?x=1', search: '?x=1', hostname: 'login.example.com' }));
    expect(run('URL', { input: 'not a url' })).toEqual({ error: 'Invalid URL: not a url' });
    expect(run('URL.set', { href: 'https://a.example/p', part: 'search', value: 'q=1' }).href).toBe('https://a.example/p?q=1');
    expect(run('qs.parse', { text: 'a=1&a=2&b=x%20y' })).toEqual({ a: ['1', '2'], b: 'x y' });
    expect(run('qs.stringify', { obj: { a: [1, 2], b: 'x y' } })).toBe('a=1&a=2&b=x%20y');
    expect(run('url.parse', { text: 'https://h.example/p?q=1', parseQueryString: true })).toEqual(expect.objectContaining({ hostname: 'h.example', query: { q: '1' } }));
  });

  it('serves only the bundled libraries', () => {
    expect(runSyncOperation('library', JSON.stringify({ name: 'lodash' }))).toContain('__library');
    expect(() => runSyncOperation('library', JSON.stringify({ name: 'fs' }))).toThrow('no bundled library named fs');
    expect(run('libraryVersion', { name: 'lodash' })).toBe(libraryVersions().lodash);
    expect(() => runSyncOperation('readFile', '{}')).toThrow('unknown host operation readFile');
  });

  it('drops __proto__ keys from guest JSON at every depth', () => {
    const parsed = parseGuestJson<Record<string, Record<string, unknown>>>('{"__proto__": {"admin": true}, "metadata": {"__proto__": {"x": 1}, "ok": 1}}');
    expect(Object.keys(parsed)).toEqual(['metadata']);
    expect(Object.keys(parsed.metadata)).toEqual(['ok']);
    expect(Object.assign({}, parsed.metadata).x).toBeUndefined();
  });
});
