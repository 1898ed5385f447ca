import { Prisma } from '../../generated/prisma/client';
import { QueryError } from './query-error';
import type { ValueToken } from './query-scanner';
import type { SearchField, Sql } from './search-field';
import { termShape, wildcardRegex } from './wildcards';

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * `app_metadata.<path>` / `user_metadata.<path>`, case-sensitive as on Auth0. A value matches a string
 * equal to it, the number or boolean it spells, or an array holding one of those; a path goes
 * through arrays of objects (`user_metadata.addresses.city:Paris`). Each condition is one SQL/JSON
 * path tested with `@?`, which the GIN index (jsonb_path_ops) on the column answers. The path text
 * is built from JSON-escaped keys and values and sent as a bound parameter, never spliced into SQL.
 * Wildcards and ranges are allowed on app_metadata only, as on Auth0.
 */
export function metadataField(root: 'app_metadata' | 'user_metadata', path: string[], at: number): SearchField {
  const name = [root, ...path].join('.');
  if (path.some((key) => key === '')) throw new QueryError(at, `"${name}" is not a valid metadata path`);
  const column = Prisma.raw(`"${root}"`);
  const test = (filter: string) => Prisma.sql`${column} @? ${`$${path.map((key) => `.${JSON.stringify(key)}`).join('')}[*] ? (${filter})`}::jsonpath`;
  const exists = path.length === 0 ? Prisma.sql`${column} <> '{}'::jsonb` : test('@.type() != "null"');
  return {
    name,
    exists,
    match(value: ValueToken): Sql {
      if (path.length === 0) throw new QueryError(value.start, `search a key of ${root}, e.g. ${root}.plan:"pro"`);
      if (root === 'user_metadata' && (value.kind === 'range' || value.segments.length > 1)) {
        throw new QueryError(value.start, 'wildcard and range searches are not available on user_metadata fields');
      }
      if (value.kind === 'range') {
        const numeric = [value.lower, value.upper].every((b) => b === null || JSON_NUMBER.test(b));
        const literal = (bound: string) => (numeric ? bound : JSON.stringify(bound));
        const parts: string[] = [];
        if (value.lower !== null) parts.push(`@ ${value.includeLower ? '>=' : '>'} ${literal(value.lower)}`);
        if (value.upper !== null) parts.push(`@ ${value.includeUpper ? '<=' : '<'} ${literal(value.upper)}`);
        return parts.length ? test(parts.join(' && ')) : exists;
      }
      const shape = termShape(value, name);
      if (shape.kind === 'any') return exists;
      if (shape.kind === 'pattern') return test(`@ like_regex ${JSON.stringify(wildcardRegex(shape.segments))}`);
      return test(equalsAnyOf(shape.text));
    },
  };
}

/** `@ == "42" || @ == 42`: the string, and the number or boolean it spells. */
function equalsAnyOf(text: string): string {
  const candidates = [JSON.stringify(text)];
  if (JSON_NUMBER.test(text) && Number.isFinite(Number(text))) candidates.push(String(Number(text)));
  if (text === 'true' || text === 'false') candidates.push(text);
  return candidates.map((c) => `@ == ${c}`).join(' || ');
}
