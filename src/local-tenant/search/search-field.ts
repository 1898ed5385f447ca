import { Prisma } from '../../generated/prisma/client';
import { QueryError } from './query-error';
import type { RangeToken, TermToken, ValueToken } from './query-scanner';
import { likePattern, termShape } from './wildcards';
import { parseDatePeriod } from './date-period';

export type Sql = Prisma.Sql;

const TRUE = Prisma.sql`TRUE`;
const FALSE = Prisma.sql`FALSE`;

/** One searchable field of a local user: how a value, a range and `_exists_` translate to SQL. */
export interface SearchField {
  readonly name: string;
  match(value: ValueToken): Sql;
  /** True when the user has a value for the field (`_exists_:field`). */
  readonly exists: Sql;
  /** ORDER BY expression, for the fields Auth0 lets a search sort by. */
  readonly sortKey?: SortKey;
}

export interface SortKey {
  sql: Sql;
  /** Whether users can lack a value (they sort last in both directions). */
  nullable: boolean;
}

/**
 * How a text field compares: on a column lower-cased when written (`email_normalized`, with the same
 * JavaScript lower-casing here), on `lower()` of the column and of the value (the database's notion
 * of case, so both sides agree), or as is.
 */
export type Folding = 'stored-lowercase' | 'lower' | 'none';

export interface TextFieldOptions {
  /** The column always has a value. */
  notNull?: boolean;
  exists?: Sql;
  sortable?: boolean;
}

export function textField(name: string, column: Sql, folding: Folding, options: TextFieldOptions = {}): SearchField {
  const compared = folding === 'lower' ? Prisma.sql`lower(${column})` : column;
  const operand = (text: string) => (folding === 'lower' ? Prisma.sql`lower(${text})` : Prisma.sql`${folding === 'none' ? text : text.toLowerCase()}`);
  const exists = options.exists ?? (options.notNull ? TRUE : Prisma.sql`${column} IS NOT NULL`);
  return {
    name,
    exists,
    sortKey: options.sortable === false ? undefined : { sql: compared, nullable: !options.notNull },
    match(value) {
      const term = termOnly(value, name, 'range searches are available on dates, numbers and app_metadata fields only');
      const shape = termShape(term, name);
      if (shape.kind === 'any') return exists;
      if (shape.kind === 'exact') return Prisma.sql`${compared} = ${operand(shape.text)}`;
      return Prisma.sql`${compared} LIKE ${operand(likePattern(shape.segments))} ESCAPE '\\'`;
    },
  };
}

export function booleanField(name: string, column: Sql): SearchField {
  return {
    name,
    exists: TRUE,
    sortKey: { sql: column, nullable: false },
    match: (value) => Prisma.sql`${column} = ${booleanValue(value, name)}`,
  };
}

/** A field Auth0 has but local users never have a value for (it belongs to other connection types). */
export function absentField(name: string, kind: 'text' | 'boolean'): SearchField {
  return {
    name,
    exists: FALSE,
    match(value) {
      if (kind === 'boolean') booleanValue(value, name);
      return FALSE;
    },
  };
}

export function integerField(name: string, column: Sql): SearchField {
  return {
    name,
    exists: TRUE,
    sortKey: { sql: column, nullable: false },
    match(value) {
      if (value.kind === 'range') {
        const bound = (text: string | null) => (text === null ? null : numberText(text, name, value.start));
        return rangeSql(column, value, bound(value.lower), bound(value.upper), (n) => Prisma.sql`${n}::numeric`);
      }
      const text = exactText(value, name);
      if (!/^[+-]?\d+$/.test(text)) throw new QueryError(value.start, `${name} is a whole number; "${text}" is not`);
      return Prisma.sql`${column} = ${text}::numeric`;
    },
  };
}

export function dateField(name: string, column: Sql, nullable: boolean): SearchField {
  const period = (text: string, at: number) => {
    const parsed = parseDatePeriod(text);
    if (!parsed) throw new QueryError(at, `${name} is a date such as 2024-05, 2024-05-01 or 2024-05-01T10:30:00Z; "${text}" is not`);
    return parsed;
  };
  // The end of year 9999 is past what PostgreSQL reads as an ISO date; nothing is later anyway.
  const at = (date: Date) => Prisma.sql`${date.getUTCFullYear() > 9999 ? 'infinity' : date.toISOString()}::timestamptz`;
  const exists = nullable ? Prisma.sql`${column} IS NOT NULL` : TRUE;
  return {
    name,
    exists,
    sortKey: { sql: column, nullable },
    match(value) {
      if (value.kind === 'term') {
        const { start, end } = period(exactText(value, name), value.start);
        return Prisma.sql`(${column} >= ${at(start)} AND ${column} < ${at(end)})`;
      }
      // A bound stands for its whole period: {2017-11 excludes November, 2017-12] includes December.
      const lower = value.lower === null ? null : period(value.lower, value.start);
      const upper = value.upper === null ? null : period(value.upper, value.start);
      const conditions: Sql[] = [];
      if (lower) conditions.push(Prisma.sql`${column} >= ${at(value.includeLower ? lower.start : lower.end)}`);
      if (upper) conditions.push(Prisma.sql`${column} < ${at(value.includeUpper ? upper.end : upper.start)}`);
      return conditions.length ? Prisma.sql`(${Prisma.join(conditions, ' AND ')})` : exists;
    },
  };
}

function rangeSql<T>(column: Sql, range: RangeToken, lower: T | null, upper: T | null, literal: (bound: T) => Sql): Sql {
  const conditions: Sql[] = [];
  if (lower !== null) conditions.push(Prisma.sql`${column} ${Prisma.raw(range.includeLower ? '>=' : '>')} ${literal(lower)}`);
  if (upper !== null) conditions.push(Prisma.sql`${column} ${Prisma.raw(range.includeUpper ? '<=' : '<')} ${literal(upper)}`);
  return conditions.length ? Prisma.sql`(${Prisma.join(conditions, ' AND ')})` : TRUE;
}

function numberText(text: string, field: string, at: number): string {
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) throw new QueryError(at, `${field} is a number; "${text}" is not`);
  return text;
}

export function termOnly(value: ValueToken, field: string, rangeMessage: string): TermToken {
  if (value.kind === 'range') throw new QueryError(value.start, `${field}: ${rangeMessage}`);
  return value;
}

/** The text of a value that must be neither a range nor a wildcard. */
export function exactText(value: ValueToken, field: string): string {
  const term = termOnly(value, field, 'ranges are not available on this field');
  if (term.segments.length > 1) throw new QueryError(term.start, `wildcards are not available on ${field}`);
  return term.segments[0];
}

function booleanValue(value: ValueToken, field: string): boolean {
  const text = exactText(value, field);
  if (text !== 'true' && text !== 'false') throw new QueryError(value.start, `${field} is true or false; "${text}" is not`);
  return text === 'true';
}
