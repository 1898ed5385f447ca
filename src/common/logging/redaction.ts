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

function accessor(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `["${key}"]`;
}

/** pino `redact.paths` for every sensitive key at depth 0 to 3 (pino's wildcards match one level). */
export function redactionPaths(): string[] {
  const prefixes = ['', '*', '*.*', '*.*.*'];
  return prefixes.flatMap((prefix) => SENSITIVE_KEYS.map((key) => (prefix ? `${prefix}${accessor(key)}` : accessor(key).replace(/^\./, ''))));
}

const SENSITIVE_QUERY = /([?&](?:code|state|token|access_token|id_token|refresh_token|password|client_secret|code_verifier|ticket)=)[^&#]*/gi;

/** Removes credentials from a URL's query string before it is logged. */
export function sanitizeUrl(url: string): string {
  return url.replace(SENSITIVE_QUERY, '$1[REDACTED]');
}
