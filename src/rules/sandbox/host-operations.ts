import { createHash, createHmac, getHashes, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as querystring from 'node:querystring';
import * as legacyUrl from 'node:url';

/** Where scripts/sandbox-libraries.js writes the bundled libraries (src/generated/sandbox, dist/generated/sandbox). */
export const SANDBOX_LIBRARY_DIR = join(__dirname, '..', '..', 'generated', 'sandbox');
export const SANDBOX_LIBRARIES = ['lodash', 'uuid', 'ipaddr.js', 'buffer'] as const;

const librarySources = new Map<string, string>();

/** Source of a bundled library: a script whose completion value is the library's exports. */
export function librarySource(name: string): string {
  if (!(SANDBOX_LIBRARIES as readonly string[]).includes(name)) throw new Error(`no bundled library named ${name}`);
  let source = librarySources.get(name);
  if (source === undefined) {
    try {
      source = readFileSync(join(SANDBOX_LIBRARY_DIR, `${name}.js`), 'utf8');
    } catch {
      throw new Error(`the sandbox library bundle is missing (${SANDBOX_LIBRARY_DIR}); run node scripts/sandbox-libraries.js`);
    }
    librarySources.set(name, source);
  }
  return source;
}

let versions: Record<string, string> | null = null;

/** Versions bundled, as recorded by the build script. */
export function libraryVersions(): Record<string, string> {
  versions ??= JSON.parse(readFileSync(join(SANDBOX_LIBRARY_DIR, 'versions.json'), 'utf8')) as Record<string, string>;
  return versions;
}

const HASHES = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);
const MAX_DIGEST_INPUT = 8 * 1024 * 1024;

function concatChunks(chunks: unknown): Buffer {
  if (!Array.isArray(chunks)) throw new TypeError('chunks must be an array');
  const buffer = Buffer.concat(chunks.map((c) => Buffer.from(String(c), 'base64')));
  if (buffer.length > MAX_DIGEST_INPUT) throw new RangeError('digest input is larger than 8 MB');
  return buffer;
}

function algorithm(name: unknown): string {
  const value = String(name).toLowerCase();
  if (!HASHES.has(value)) throw new Error(`Digest method not supported: ${String(name)}`);
  return value;
}

function urlParts(url: URL) {
  return {
    href: url.href,
    origin: url.origin,
    protocol: url.protocol,
    username: url.username,
    password: url.password,
    host: url.host,
    hostname: url.hostname,
    port: url.port,
    pathname: url.pathname,
    search: url.search,
    hash: url.hash,
  };
}

type Payload = Record<string, unknown>;

/** JSON from the guest, without `__proto__` keys (so no later merge or assign can set a prototype). */
export function parseGuestJson<T = unknown>(text: string): T {
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value)) as T;
}
const URL_SETTABLE = new Set(['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash']);

/**
 * The synchronous host operations the guest prelude calls: pure functions of their JSON input
 * (and the process's random source). Node's own implementations, so `url`, `querystring` and
 * `crypto` behave in a rule exactly as in Node.
 */
const SYNC_OPERATIONS: Record<string, (p: Payload) => unknown> = {
  library: (p) => librarySource(String(p.name)),
  libraryVersion: (p) => libraryVersions()[String(p.name)] ?? null,
  hash: (p) => createHash(algorithm(p.algorithm)).update(concatChunks(p.chunks)).digest('base64'),
  hmac: (p) => createHmac(algorithm(p.algorithm), Buffer.from(String(p.key), 'base64')).update(concatChunks(p.chunks)).digest('base64'),
  hashes: () => getHashes().filter((h) => HASHES.has(h)),
  randomBytes: (p) => {
    const size = Number(p.size);
    if (!Number.isInteger(size) || size < 0 || size > 65536) throw new RangeError('size must be an integer between 0 and 65536');
    return randomBytes(size).toString('base64');
  },
  randomUUID: () => randomUUID(),
  timingSafeEqual: (p) => {
    const a = Buffer.from(String(p.a), 'base64');
    const b = Buffer.from(String(p.b), 'base64');
    if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length');
    return timingSafeEqual(a, b);
  },
  URL: (p) => {
    try {
      return urlParts(new URL(String(p.input), p.base === undefined || p.base === null ? undefined : String(p.base)));
    } catch {
      return { error: `Invalid URL: ${String(p.input)}` };
    }
  },
  'URL.set': (p) => {
    const url = new URL(String(p.href));
    const part = String(p.part);
    if (!URL_SETTABLE.has(part)) return { error: `cannot set ${part}` };
    try {
      (url as unknown as Record<string, string>)[part] = String(p.value);
    } catch {
      return { error: `Invalid URL: ${String(p.value)}` };
    }
    return urlParts(url);
  },
  'searchParams.parse': (p) => [...new URLSearchParams(String(p.text ?? ''))],
  'searchParams.stringify': (p) => new URLSearchParams(p.pairs as Array<[string, string]>).toString(),
  'url.parse': (p) => {
    // The legacy parser, as rules written for Node use it; its result is plain data.
    const parsed = legacyUrl.parse(String(p.text), Boolean(p.parseQueryString), Boolean(p.slashesDenoteHost));
    return { ...parsed, query: parsed.query && typeof parsed.query === 'object' ? { ...parsed.query } : parsed.query };
  },
  'url.format': (p) => (typeof p.value === 'string' ? p.value : legacyUrl.format(p.value as legacyUrl.UrlObject)),
  'url.resolve': (p) => legacyUrl.resolve(String(p.from), String(p.to)),
  'qs.parse': (p) => ({ ...querystring.parse(String(p.text), p.sep === undefined ? undefined : String(p.sep), p.eq === undefined ? undefined : String(p.eq)) }),
  'qs.stringify': (p) => querystring.stringify((p.obj ?? {}) as querystring.ParsedUrlQueryInput, p.sep === undefined ? undefined : String(p.sep), p.eq === undefined ? undefined : String(p.eq)),
  'qs.escape': (p) => querystring.escape(String(p.text)),
  'qs.unescape': (p) => querystring.unescape(String(p.text)),
};

/** Runs one synchronous host operation; the answer is JSON text for the guest. Throws on bad input. */
export function runSyncOperation(op: string, json: string): string {
  const operation = Object.prototype.hasOwnProperty.call(SYNC_OPERATIONS, op) ? SYNC_OPERATIONS[op] : undefined;
  if (!operation) throw new Error(`unknown host operation ${op}`);
  const payload = (parseGuestJson<Payload | null>(json) ?? {}) as Payload;
  const result = operation(payload);
  // Library sources are scripts, not JSON.
  return op === 'library' ? (result as string) : JSON.stringify(result === undefined ? null : result);
}
