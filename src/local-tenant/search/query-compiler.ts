import { Prisma } from '../../generated/prisma/client';
import { invalidQuery, QueryError } from './query-error';
import { parseUserQuery, UserQuery } from './query-parser';
import type { FieldToken, ValueToken } from './query-scanner';
import { exactText, Sql } from './search-field';
import { DEFAULT_FIELDS, resolveField } from './search-fields';

const TRUE = Prisma.sql`TRUE`;

/**
 * Translates an Auth0 v3 user search (`q`) into a parameterised SQL condition on `local_users`.
 * Every value travels as a bound parameter; only column names and operators are SQL text.
 * Throws IdentityError 400 `invalid_query` naming the problem and its position.
 */
export function compileUserQuery(query: string): Sql {
  try {
    return compile(parseUserQuery(query));
  } catch (error) {
    if (error instanceof QueryError) throw invalidQuery(query, error);
    throw error;
  }
}

function compile(query: UserQuery): Sql {
  switch (query.type) {
    case 'all':
      return TRUE;
    case 'term':
      return term(query.field, query.value);
    case 'and':
      return Prisma.sql`(${Prisma.join(query.items.map(compile), ' AND ')})`;
    case 'or':
      return or(query.items.map(compile));
    case 'not':
      // A user for whom the condition is unknown (no value for the field) is not excluded.
      return Prisma.sql`(${compile(query.item)}) IS NOT TRUE`;
  }
}

function term(field: FieldToken | undefined, value: ValueToken): Sql {
  if (!field) {
    if (value.kind === 'range') throw new QueryError(value.start, 'a range needs a field, e.g. logins_count:[1 TO 10]');
    if (value.segments.every((s) => s === '')) return TRUE;
    return or(DEFAULT_FIELDS.map((f) => f.match(value)));
  }
  if (field.name === '_exists_') return resolveField(exactText(value, '_exists_'), value.start).exists;
  const searched = resolveField(field.name, field.start);
  // `field:*` is any value, on every kind of field (as `_exists_:field`).
  if (value.kind === 'term' && !value.quoted && value.segments.every((s) => s === '')) return searched.exists;
  return searched.match(value);
}

function or(conditions: Sql[]): Sql {
  return conditions.length === 1 ? conditions[0] : Prisma.sql`(${Prisma.join(conditions, ' OR ')})`;
}
