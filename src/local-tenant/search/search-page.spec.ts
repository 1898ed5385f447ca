import { Prisma } from '../../generated/prisma/client';
import { IdentityError } from '../../identity/identity.error';
import { searchPage } from './search-page';

const rejection = (input: Parameters<typeof searchPage>[0]) => {
  try {
    searchPage(input);
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityError);
    return error as IdentityError;
  }
  throw new Error('expected a rejection');
};

describe('searchPage', () => {
  it('defaults to the first page of 50 in creation order', () => {
    const page = searchPage({});
    expect(page).toMatchObject({ start: 0, limit: 50 });
    expect(page.orderBy().text).toBe('"created_at" ASC, "id" ASC');
  });

  it('sorts by a field, users without a value last, ties by id', () => {
    expect(searchPage({ sort: 'email:-1' }).orderBy().text).toBe('"email_normalized" DESC NULLS LAST, "id" DESC');
    expect(searchPage({ sort: 'name:1' }).orderBy().text).toBe('lower("name") ASC, "id" ASC');
    // Written so that the (created_at, id) index reads it backwards.
    expect(searchPage({ sort: 'created_at:-1' }).orderBy().text).toBe('"created_at" DESC, "id" DESC');
    expect(searchPage({ sort: 'last_login:1' }).orderBy(Prisma.sql`"sort_key"`).text).toBe('"sort_key" ASC, "id" ASC');
  });

  it('allows every page whose end is within the first 1000 results', () => {
    expect(searchPage({ page: 9, perPage: 100 })).toMatchObject({ start: 900, limit: 100 });
    expect(searchPage({ page: 32, perPage: 30 })).toMatchObject({ start: 960, limit: 30 });
    expect(rejection({ page: 10, perPage: 100 })).toMatchObject({ status: 400, errorCode: 'invalid_paging' });
    // Like Elasticsearch's result window: a page that would reach past result 1000 is refused whole.
    expect(rejection({ page: 33, perPage: 30 }).errorCode).toBe('invalid_paging');
  });

  it.each([
    [{ perPage: 101 }, 'per_page'],
    [{ perPage: 1.5 }, 'per_page'],
    [{ page: -1 }, 'page'],
    [{ sort: 'email' }, 'sort'],
    [{ sort: 'email:0' }, 'sort'],
    [{ sort: 'app_metadata.plan:1' }, 'sort'],
    [{ sort: 'email.domain:1' }, 'sort'],
  ])('rejects %j', (input, property) => {
    const error = rejection(input);
    expect(error).toMatchObject({ status: 400, errorCode: 'invalid_query_string' });
    expect(error.message).toContain(`on property ${property}`);
  });
});
