/** Secret values shorter than this are not masked (they would mask ordinary words). */
const MIN_SECRET_LENGTH = 4;
export const SECRET_MASK = '[secret]';

/**
 * Masks every verbatim occurrence of the given secret values in the strings of a JSON-like value
 * (keys included). This keeps secrets out of dry-run answers and logs when a rule prints or returns
 * them as they are; it cannot stop a rule that encodes them first — whoever may change rules can
 * read the secrets they are given, as on Auth0.
 */
export function redactSecrets<T>(value: T, secrets: string[]): T {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return value;
  const mask = (text: string) => values.reduce((out, secret) => out.split(secret).join(SECRET_MASK), text);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return mask(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [mask(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
