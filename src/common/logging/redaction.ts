/** Keys whose values never reach a log line, at any of the first few levels of a logged object. */
export const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'newPassword',
  'secret',
  'clientSecret',
  'client_secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'apiKey',
  'key',
  'code_verifier',
  'password_hash',
  'configuration',
  'secrets',
];

const SENSITIVE = new Set(SENSITIVE_KEYS.map((key) => key.toLowerCase()));
export const CENSORED = '[REDACTED]';
/** Deepest level of a logged object that is searched; the service logs nothing deeper. */
const MAX_DEPTH = 6;

/** A copy that keeps what a spread would lose: the prototype and non-enumerable own properties (an Error's message and stack). */
function copyOf(value: object): Record<string, unknown> {
  if (Object.getPrototypeOf(value) === Object.prototype) return { ...(value as Record<string, unknown>) };
  return Object.create(Object.getPrototypeOf(value), Object.getOwnPropertyDescriptors(value)) as Record<string, unknown>;
}

/**
 * The value with every sensitive key's value (case-insensitive, at any level down to MAX_DEPTH)
 * replaced by `[REDACTED]`. Nothing is mutated: objects on the way to a censored value are copied,
 * everything else is returned as it is, so a log line without secrets costs one walk and no copy.
 * Each object is walked once (shared references get the same result; a cycle back to an object
 * still being walked becomes `[Circular]`), so the cost is linear in the object's size.
 */
export function censor<T>(value: T): T {
  return walk(value, 0, new Map());
}

const IN_PROGRESS = Symbol('in progress');

function walk<T>(value: T, depth: number, done: Map<object, unknown>): T {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || Buffer.isBuffer(value)) return value;
  if (done.has(value)) {
    const result = done.get(value);
    return (result === IN_PROGRESS ? '[Circular]' : result) as T;
  }
  done.set(value, IN_PROGRESS);
  let copy: Record<string, unknown> | unknown[] | undefined;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const censored = walk(item, depth + 1, done);
      if (censored !== item) ((copy ??= [...value]) as unknown[])[i] = censored;
    });
  } else {
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      const censored = SENSITIVE.has(key.toLowerCase()) && item !== undefined && item !== null ? CENSORED : walk(item, depth + 1, done);
      if (censored !== item) ((copy ??= copyOf(value)) as Record<string, unknown>)[key] = censored;
    }
  }
  const result = copy ?? value;
  done.set(value, result);
  return result as T;
}

const SENSITIVE_QUERY = /([?&](?:code|state|token|access_token|id_token|refresh_token|password|client_secret|code_verifier|ticket)=)[^&#]*/gi;

/** Removes credentials from a URL's query string before it is logged. */
export function sanitizeUrl(url: string): string {
  return url.replace(SENSITIVE_QUERY, '$1[REDACTED]');
}
