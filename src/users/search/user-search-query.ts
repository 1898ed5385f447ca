/**
 * Compiles the filters of `GET /users` into one Auth0 v3 (Lucene) query. Every value is written as a
 * literal — a quoted phrase, or, when it holds `*` wildcards, a term with every other special
 * character escaped — and the connection restriction is ANDed around everything else, so no filter
 * and no raw `q` can widen the set of connections a caller sees.
 */

export interface MetadataFilter {
  /** Path below `app_metadata`, e.g. `groups` or `address.city`. */
  path: string;
  /** Any of these values matches (ORed). */
  values: string[];
}

export interface UserSearchCriteria {
  /** Connections the result is restricted to: at least one. */
  connections: readonly string[];
  email?: string;
  nickname?: string;
  username?: string;
  appMetadata?: readonly MetadataFilter[];
  /** A raw Lucene query from the caller, ANDed in parentheses. */
  q?: string;
}

/** A filter that cannot be written as a safe query; the message names the problem. */
export class UserSearchInputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserSearchInputError';
  }
}

/** Characters with a meaning in Lucene's (and Elasticsearch's query_string) term syntax, `*` aside. */
const TERM_SPECIAL = new Set([...'\\+-!():^[]{}"~?/&|=']);
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Elasticsearch reads these as range operators and offers no escape for them. */
const UNESCAPABLE = /[<>]/;
const METADATA_PATH = /^[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*$/;

/** A quoted phrase: matches the whole value exactly; only `"` and `\` need escaping inside. */
export function quotedValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A term in which `*` is a wildcard and every other character stands for itself. */
export function wildcardValue(value: string): string {
  let out = '';
  for (const c of value) {
    if (c === '*') out += '*';
    else if (TERM_SPECIAL.has(c) || /\s/.test(c)) out += `\\${c}`;
    else out += c;
  }
  return out;
}

/** `field:value`, with the value quoted unless it holds a `*` wildcard. */
export function fieldTerm(field: string, value: string, path: string): string {
  if (value === '') throw new UserSearchInputError(path, 'must not be empty');
  if (CONTROL.test(value)) throw new UserSearchInputError(path, 'must not contain control characters');
  if (!value.includes('*')) return `${field}:${quotedValue(value)}`;
  if (UNESCAPABLE.test(value)) throw new UserSearchInputError(path, 'a value with a * wildcard cannot contain < or >; leave the wildcard out to match it exactly');
  return `${field}:${wildcardValue(value)}`;
}

/** Several alternatives for one field: ORed, in parentheses when there is more than one. */
function anyOf(terms: string[]): string {
  return terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`;
}

/**
 * Checks that a raw query is self-contained: its parentheses, quotes and ranges close inside it and
 * it does not end in an escape, so that once put in parentheses it cannot reach outside them.
 * Regular expressions (`/…/`) are refused: neither provider supports them, and their content is not
 * read as syntax by the parser, which a check of parentheses cannot follow.
 */
export function assertSelfContained(q: string): void {
  let depth = 0;
  let state: 'normal' | 'quoted' | 'range' = 'normal';
  let rangeQuoted = false;
  const fail = (offset: number, message: string) => {
    throw new UserSearchInputError('q', `${message} (offset ${offset})`);
  };
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (c === '\\') {
      if (i + 1 >= q.length) fail(i, 'the query ends with a backslash that escapes nothing');
      i++;
      continue;
    }
    if (state === 'quoted') {
      if (c === '"') state = 'normal';
    } else if (state === 'range') {
      if (c === '"') rangeQuoted = !rangeQuoted;
      else if (!rangeQuoted && (c === ']' || c === '}')) state = 'normal';
    } else if (c === '"') state = 'quoted';
    else if (c === '[' || c === '{') state = 'range';
    else if (c === ']' || c === '}') fail(i, `unexpected "${c}"`);
    else if (c === '/') fail(i, 'regular expressions are not supported; escape a literal / as \\/');
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) fail(i, 'unexpected closing parenthesis');
  }
  if (state === 'quoted') fail(q.length, 'the quoted phrase is not closed');
  if (state === 'range') fail(q.length, 'the range is not closed');
  if (depth > 0) fail(q.length, 'missing closing parenthesis');
}

/** The Lucene query for the criteria (see the module comment for the guarantees). */
export function buildUserSearchQuery(criteria: UserSearchCriteria): string {
  if (criteria.connections.length === 0) throw new UserSearchInputError('connection', 'at least one connection is required');
  const clauses = [anyOf(criteria.connections.map((c) => fieldTerm('identities.connection', c, 'connection')))];
  for (const field of ['email', 'nickname', 'username'] as const) {
    const value = criteria[field];
    if (value !== undefined) clauses.push(fieldTerm(field, value, field));
  }
  for (const { path, values } of criteria.appMetadata ?? []) {
    const param = `app_metadata.${path}`;
    if (!METADATA_PATH.test(path)) throw new UserSearchInputError(param, 'the path must be names of letters, digits and _ separated by . (or -)');
    if (values.length === 0) throw new UserSearchInputError(param, 'must not be empty');
    clauses.push(anyOf(values.map((v) => fieldTerm(param, v, param))));
  }
  const q = criteria.q?.trim();
  if (q) {
    assertSelfContained(q);
    clauses.push(`(${q})`);
  }
  return clauses.join(' AND ');
}
