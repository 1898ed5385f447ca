import { Prisma } from '../../generated/prisma/client';
import { IdentityError } from '../../identity/identity.error';
import type { ListUsersInput } from '../../identity/identity.types';
import type { SortKey, Sql } from './search-field';
import { sortableField } from './search-fields';

const CREATED_AT: SortKey = { sql: Prisma.sql`"created_at"`, nullable: false };

/** Auth0 never returns a search result past the first 1000 users. */
export const SEARCH_RESULT_LIMIT = 1000;
export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;

export const PAGING_LIMIT_MESSAGE = 'You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation';

export interface SearchPage {
  start: number;
  limit: number;
  /** ORDER BY of the page, given the sort key's SQL (a column, or an alias of it). */
  orderBy(key?: Sql): Sql;
  sortKey: Sql;
}

const queryStringError = (property: string, problem: string) =>
  new IdentityError(400, 'invalid_query_string', `Query validation error: ${problem} on property ${property}.`, { details: [{ path: property, message: problem }] });

/**
 * Paging and order of a search as Auth0 has them: `page` 0-based, `per_page` 50 by default and at
 * most 100, no page reaching past the first 1000 results, `sort` as `field:1` or `field:-1`. Users
 * with no value for the sort field come last either way; the user id breaks ties, so pages never
 * overlap. Without `sort`, users come in the order they were created.
 */
export function searchPage(input: ListUsersInput): SearchPage {
  const page = input.page ?? 0;
  const limit = input.perPage ?? DEFAULT_PER_PAGE;
  if (!Number.isInteger(page) || page < 0) throw queryStringError('page', `'${input.page}' is not a whole number of at least 0`);
  if (!Number.isInteger(limit) || limit < 0) throw queryStringError('per_page', `'${input.perPage}' is not a whole number of at least 0`);
  if (limit > MAX_PER_PAGE) throw queryStringError('per_page', `'Value ${limit} is greater than maximum ${MAX_PER_PAGE}'`);
  const start = page * limit;
  if (start + limit > SEARCH_RESULT_LIMIT) throw new IdentityError(400, 'invalid_paging', PAGING_LIMIT_MESSAGE);
  const { key, descending } = sortOf(input.sort);
  // The id follows the key's direction and NULLS LAST is written only where it changes the order,
  // so that an index on (key, id) can serve the page (the default order uses created_at's).
  const direction = Prisma.raw(descending ? 'DESC' : 'ASC');
  const nulls = Prisma.raw(descending && key.nullable ? ' NULLS LAST' : '');
  return { start, limit, sortKey: key.sql, orderBy: (sql = key.sql) => Prisma.sql`${sql} ${direction}${nulls}, "id" ${direction}` };
}

function sortOf(sort: string | undefined): { key: SortKey; descending: boolean } {
  if (sort === undefined || sort === '') return { key: CREATED_AT, descending: false };
  const match = /^([^:]+):(1|-1)$/.exec(sort);
  if (!match) throw queryStringError('sort', `'${sort}' is not of the form field:1 or field:-1`);
  const key = sortableField(match[1])?.sortKey;
  if (!key) throw queryStringError('sort', `users cannot be sorted by '${match[1]}'`);
  return { key, descending: match[2] === '-1' };
}
