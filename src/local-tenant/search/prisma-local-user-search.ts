import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service';
import { Prisma } from '../../generated/prisma/client';
import type { ListUsersInput } from '../../identity/identity.types';
import { LocalUserSearch, LocalUserSearchResult } from './local-user-search';
import { compileUserQuery } from './query-compiler';
import { SEARCH_RESULT_LIMIT, searchPage } from './search-page';

/**
 * LocalUserSearch on Postgres: the query compiles to one parameterised condition; one statement
 * returns the page's user ids and the number of matches (counted up to the 1000 a search can reach),
 * then the rows are loaded by id in that order.
 */
@Injectable()
export class PrismaLocalUserSearch extends LocalUserSearch {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async search(input: ListUsersInput): Promise<LocalUserSearchResult> {
    const page = searchPage(input);
    const where = compileUserQuery(input.q ?? '');
    const [found] = await this.prisma.$queryRaw<Array<{ ids: string[]; total: number }>>(Prisma.sql`
      SELECT
        ARRAY(SELECT "id" FROM "local_users" WHERE ${where} ORDER BY ${page.orderBy} LIMIT ${page.limit} OFFSET ${page.start}) AS ids,
        (SELECT count(*)::int FROM (SELECT 1 FROM "local_users" WHERE ${where} LIMIT ${SEARCH_RESULT_LIMIT}) AS capped) AS total`);
    const rows = found.ids.length === 0 ? [] : await this.prisma.localUser.findMany({ where: { id: { in: found.ids } } });
    const position = new Map(found.ids.map((id, index) => [id, index]));
    rows.sort((a, b) => (position.get(a.id) as number) - (position.get(b.id) as number));
    return { total: found.total, start: page.start, limit: page.limit, rows };
  }
}
