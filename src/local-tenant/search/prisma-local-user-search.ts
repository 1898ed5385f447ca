import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service';
import { Prisma } from '../../generated/prisma/client';
import type { ListUsersInput } from '../../identity/identity.types';
import { LocalUserSearch, LocalUserSearchResult } from './local-user-search';
import { compileUserQuery } from './query-compiler';
import { LocalUserRow, localUserFromRow } from './local-user-row';
import type { Sql } from './search-field';
import { SEARCH_RESULT_LIMIT, SearchPage, searchPage } from './search-page';

/**
 * One statement for the whole page: its users, in order, each with the number of matches up to 1000
 * (a single row with no user when the page is empty). The first 1001 matches (in no order) are
 * collected once; when there are at most 1000 they hold the whole result and the page is sorted
 * from them, otherwise the page is read in sort order from the table (through the created_at index
 * by default). Either way PostgreSQL never sorts more than 1001 rows, whatever it estimates.
 */
export function searchStatement(where: Sql, page: SearchPage): Sql {
  return Prisma.sql`
    WITH capped AS MATERIALIZED (SELECT "id", ${page.sortKey} AS "sort_key" FROM "local_users" WHERE ${where} LIMIT ${SEARCH_RESULT_LIMIT + 1}),
    page AS MATERIALIZED (
      SELECT
        CASE WHEN (SELECT count(*) FROM capped) <= ${SEARCH_RESULT_LIMIT}
          THEN ARRAY(SELECT "id" FROM capped ORDER BY ${page.orderBy(Prisma.sql`"sort_key"`)} LIMIT ${page.limit} OFFSET ${page.start})
          ELSE ARRAY(SELECT "id" FROM "local_users" WHERE ${where} ORDER BY ${page.orderBy()} LIMIT ${page.limit} OFFSET ${page.start})
        END AS ids,
        LEAST((SELECT count(*) FROM capped), ${SEARCH_RESULT_LIMIT})::int AS total)
    SELECT page.total AS "search_total", u.*
    FROM page
    LEFT JOIN LATERAL unnest(page.ids) WITH ORDINALITY AS listed("id", "position") ON TRUE
    LEFT JOIN "local_users" u ON u."id" = listed."id"
    ORDER BY listed."position"`;
}

/** LocalUserSearch on Postgres: the query compiles to one parameterised condition, run in one statement. */
@Injectable()
export class PrismaLocalUserSearch extends LocalUserSearch {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async search(input: ListUsersInput): Promise<LocalUserSearchResult> {
    const page = searchPage(input);
    const where = compileUserQuery(input.q ?? '');
    const found = await this.prisma.$queryRaw<Array<LocalUserRow & { search_total: number }>>(searchStatement(where, page));
    return {
      total: found[0]?.search_total ?? 0,
      start: page.start,
      limit: page.limit,
      // An empty page is one row that only carries the total.
      rows: found.filter((row) => row.id !== null).map(localUserFromRow),
    };
  }
}
