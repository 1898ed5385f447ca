import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { DatabaseModule } from '../../src/database/database.module';
import { PrismaService } from '../../src/database/prisma.service';
import type { Prisma } from '../../src/generated/prisma/client';
import { IdentityError } from '../../src/identity/identity.error';
import type { ListUsersInput } from '../../src/identity/identity.types';
import { LocalUserSearch } from '../../src/local-tenant/search/local-user-search';
import { LocalUserSearchModule } from '../../src/local-tenant/search/local-user-search.module';
import { searchStatement } from '../../src/local-tenant/search/prisma-local-user-search';
import { compileUserQuery } from '../../src/local-tenant/search/query-compiler';
import { searchPage } from '../../src/local-tenant/search/search-page';
import { createTestDatabase, TestDatabase } from '../utils/test-database';

const DB_CONNECTION = { connectionId: 'con_DevelopmentUser1', connection: 'Username-Password-Authentication' };
const hexId = (n: number) => n.toString(16).padStart(24, '0');
const at = (iso: string) => new Date(iso);

type Seed = Omit<Prisma.LocalUserCreateManyInput, 'id' | 'connectionId' | 'connection' | 'emailNormalized' | 'usernameNormalized'> &
  Partial<Pick<Prisma.LocalUserCreateManyInput, 'connectionId' | 'connection'>> & { id: string };

/** The seeded users, by a short name the expectations below use. */
const USERS: Record<string, Seed> = {
  ada: {
    id: hexId(1), email: 'Ada.Lovelace@Example.com', username: 'ada_l', name: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace', nickname: 'ada',
    picture: 'https://img.example.com/ada.png', emailVerified: true, loginsCount: 42, lastIp: '10.0.0.1',
    createdAt: at('2019-03-10T08:00:00Z'), updatedAt: at('2024-01-15T10:00:00Z'), lastLogin: at('2024-01-15T10:00:00Z'), lastPasswordReset: at('2023-07-01T00:00:00Z'),
    appMetadata: { plan: 'pro', roles: ['admin', 'billing'], seats: 5, beta: true, org: { tier: 'gold' } },
    userMetadata: { theme: 'dark', addresses: [{ city: 'London' }, { city: 'Paris' }] },
  },
  grace: {
    id: hexId(2), email: 'grace.hopper@example.com', name: 'Grace Hopper', givenName: 'Grace', familyName: 'Hopper', nickname: 'amazing grace',
    blocked: true, loginsCount: 0, createdAt: at('2020-06-01T00:00:00Z'), appMetadata: { plan: 'pro' }, userMetadata: { theme: 'light' },
  },
  alan: {
    id: hexId(3), email: 'alan.turing@example.org', name: 'Alan Turing', givenName: 'Alan', familyName: 'Turing', nickname: 'alan', emailVerified: true,
    loginsCount: 100, createdAt: at('2017-11-20T00:00:00Z'), lastLogin: at('2017-12-05T12:00:00Z'), connectionId: 'con_LegacyDatabase01', connection: 'legacy-db',
    appMetadata: { plan: 'free', seats: 1 },
  },
  linus: {
    id: hexId(4), email: 'linus@kernel.org', username: 'torvalds', name: 'Linus Torvalds', givenName: 'Linus', familyName: 'Torvalds', emailVerified: true,
    loginsCount: 200, createdAt: at('2021-01-01T00:00:00Z'), lastLogin: at('2017-11-30T23:59:59.999Z'), appMetadata: { plan: 'enterprise', roles: ['admin'] },
  },
  margaret: {
    id: hexId(5), email: 'margaret@nasa.gov', name: 'Margaret Hamilton', givenName: 'Margaret', familyName: 'Hamilton', emailVerified: true,
    loginsCount: 150, createdAt: at('2022-02-02T00:00:00Z'), lastLogin: at('2018-01-01T00:00:00Z'), appMetadata: { plan: 'pro', seats: '5' },
  },
  elodie: {
    id: hexId(6), email: 'Élodie.Dupré@Exemple.fr', name: 'Élodie Dupré', givenName: 'Élodie', familyName: 'Dupré', nickname: 'Élo', loginsCount: 3,
    createdAt: at('2023-05-05T00:00:00Z'), lastLogin: at('2023-05-06T00:00:00Z'), appMetadata: { plan: 'free' }, userMetadata: { addresses: [{ city: 'Paris' }] },
  },
  bobby: { id: hexId(7), email: 'bobby@tables.example', name: "Robert'); DROP TABLE local_users; --", nickname: "x' OR 1=1", loginsCount: 1, createdAt: at('2023-01-01T00:00:00Z') },
  slash: { id: hexId(8), email: 'back.slash@example.com', name: 'Back Slash', nickname: 'back\\slash', loginsCount: 1, createdAt: at('2023-01-02T00:00:00Z') },
  percent: { id: hexId(9), email: 'percent@example.com', nickname: '50%_off', loginsCount: 2, createdAt: at('2023-01-03T00:00:00Z') },
  decoy: { id: hexId(10), email: 'decoy@example.com', nickname: '50xyoff', loginsCount: 2, createdAt: at('2023-01-04T00:00:00Z') },
  underscore: { id: hexId(11), email: 'a_b@example.com', loginsCount: 4, createdAt: at('2023-01-05T00:00:00Z') },
  axb: { id: hexId(12), email: 'axb@example.com', loginsCount: 4, createdAt: at('2023-01-06T00:00:00Z') },
  phone: { id: hexId(13), email: null, username: 'phone_only', phoneNumber: '+15551234567', loginsCount: 6, createdAt: at('2023-01-07T00:00:00Z') },
  legacy: {
    id: 'legacy-42', email: 'legacy@example.com', name: 'Jane Smith', givenName: 'Jane', familyName: 'Smith', loginsCount: 7,
    createdAt: at('2016-01-01T00:00:00Z'), appMetadata: { plan: 'pro', seats: 10 },
  },
  jane: { id: hexId(14), email: 'jane.doe@example.com', name: 'Jane Doe', givenName: 'Jane', familyName: 'Doe', loginsCount: 5, createdAt: at('2018-08-08T00:00:00Z'), appMetadata: { plan: 'free' } },
  john: {
    id: hexId(15), email: 'john.smith@example.com', name: 'John Smith', givenName: 'John', familyName: 'Smith', loginsCount: 9, blocked: true,
    createdAt: at('2018-09-09T00:00:00Z'), appMetadata: { plan: 'pro' },
  },
};

const ALL = Object.keys(USERS);
const except = (...names: string[]) => ALL.filter((n) => !names.includes(n));
const NAME_BY_ID = new Map(Object.entries(USERS).map(([name, u]) => [u.id, name]));

/** Query → the users it matches (order-insensitive). */
const MATCHES: Array<[string, string[]]> = [
  // email: normalised, exact, prefix, suffix and infix wildcards, domain
  ['email:"ada.lovelace@example.com"', ['ada']],
  ['email:ADA.LOVELACE@EXAMPLE.COM', ['ada']],
  ['email:grace*', ['grace']],
  ['email:j*', ['jane', 'john']],
  ['email:*@example.org', ['alan']],
  ['email:*hopper*', ['grace']],
  ['email.domain:example.org', ['alan']],
  ['email.domain:EXEMPLE.FR', ['elodie']],
  // names: whole-value match, case-insensitive, phrases and wildcards, unicode
  ['name:"jane smith"', ['legacy']],
  ['name:jane', []],
  ['name:jane*', ['legacy', 'jane']],
  ['name:jane*smith', ['legacy']],
  ['name:*smith', ['legacy', 'john']],
  ['given_name:JANE', ['legacy', 'jane']],
  ['family_name:smith', ['legacy', 'john']],
  ['nickname:"amazing grace"', ['grace']],
  ['username:TORVALDS', ['linus']],
  ['name:"ÉLODIE DUPRÉ"', ['elodie']],
  ['name:élo*', ['elodie']],
  ['email:élodie.dupré@exemple.fr', ['elodie']],
  // ids and identities
  ['user_id:"auth0|000000000000000000000001"', ['ada']],
  ['user_id:000000000000000000000001', ['ada']],
  ['user_id:auth0|legacy-42', ['legacy']],
  ['user_id:auth0*', ALL],
  ['user_id:legacy*', ['legacy']],
  ['identities.user_id:legacy-42', ['legacy']],
  ['identities.connection:"legacy-db"', ['alan']],
  ['identities.provider:auth0', ALL],
  ['identities.isSocial:false', ALL],
  // other text fields (case-sensitive)
  ['phone_number:+15551234567', ['phone']],
  ['last_ip:10.0.0.1', ['ada']],
  ['picture:"https://img.example.com/ada.png"', ['ada']],
  // booleans and numbers, every range form
  ['email_verified:true', ['ada', 'alan', 'linus', 'margaret']],
  ['blocked:true', ['grace', 'john']],
  ['logins_count:0', ['grace']],
  ['logins_count:[100 TO 200]', ['alan', 'linus', 'margaret']],
  ['logins_count:{100 TO 200}', ['margaret']],
  ['logins_count:[100 TO 200}', ['alan', 'margaret']],
  ['logins_count:{100 TO *]', ['linus', 'margaret']],
  ['logins_count:[* TO 1]', ['grace', 'bobby', 'slash']],
  // dates: a partial date is its whole period
  ['last_login:{2017-11 TO 2017-12]', ['alan']],
  ['last_login:[2017-12-01 TO 2017-12-31]', ['alan']],
  ['last_login:[* TO 2017-12-31]', ['alan', 'linus']],
  ['last_login:[* TO 2018-01-01T00:00:00Z}', ['alan', 'linus']],
  ['created_at:[2023-01-01 TO 2023-01-03]', ['bobby', 'slash', 'percent']],
  ['created_at:2019', ['ada']],
  ['created_at:[2022 TO *]', ['margaret', 'elodie', 'bobby', 'slash', 'percent', 'decoy', 'underscore', 'axb', 'phone']],
  ['updated_at:[2024-01-01 TO *]', ['ada']],
  ['last_password_reset:[2023 TO 2023]', ['ada']],
  ['created_at:[2024 TO 9999]', []],
  ['updated_at:{2023-12 TO 9999]', ['ada']],
  // _exists_
  ['_exists_:last_login', ['ada', 'alan', 'linus', 'margaret', 'elodie']],
  ['NOT _exists_:email', ['phone']],
  ['_exists_:app_metadata.roles', ['ada', 'linus']],
  ['last_login:* AND NOT picture:*', ['alan', 'linus', 'margaret', 'elodie']],
  ['blocked:* AND user_metadata.theme:*', ['ada', 'grace']],
  ['(NOT _exists_:logins_count OR logins_count:0)', ['grace']],
  ['email_verified:false OR NOT _exists_:email_verified', except('ada', 'alan', 'linus', 'margaret')],
  // metadata: strings, numbers, booleans, arrays, nested objects, arrays of objects; case-sensitive
  ['app_metadata.plan:"pro"', ['ada', 'grace', 'margaret', 'legacy', 'john']],
  ['app_metadata.plan:"pro" AND blocked:false', ['ada', 'margaret', 'legacy']],
  ['app_metadata.plan:PRO', []],
  ['app_metadata.roles:admin', ['ada', 'linus']],
  ['app_metadata.seats:5', ['ada', 'margaret']],
  ['app_metadata.beta:true', ['ada']],
  ['app_metadata.org.tier:gold', ['ada']],
  ['app_metadata.plan:ent*', ['linus']],
  ['app_metadata.seats:[2 TO 10]', ['ada', 'legacy']],
  ['user_metadata.theme:dark', ['ada']],
  ['user_metadata.addresses.city:"Paris"', ['ada', 'elodie']],
  // terms without a field, juxtaposition (default operator OR), AND / OR / NOT / - and grouping
  ['lovelace', ['ada']],
  ['jane', ['legacy', 'jane']],
  ['jane smith', ['legacy', 'jane', 'john']],
  ['jane AND smith', ['legacy']],
  ['*', ALL],
  ['given_name:(jane OR john) AND family_name:smith', ['legacy', 'john']],
  ['email:("jane.doe@example.com" OR "john.smith@example.com")', ['jane', 'john']],
  ['-blocked:true', except('grace', 'john')],
  ['NOT blocked:true AND app_metadata.plan:pro', ['ada', 'margaret', 'legacy']],
  ['app_metadata.plan:pro AND NOT (blocked:true OR email_verified:true)', ['legacy']],
  ['(app_metadata.plan:free AND (logins_count:[100 TO *] OR name:élo*)) OR username:torvalds', ['alan', 'linus', 'elodie']],
  // precedence: NOT, then AND, then OR (explicit or implied between juxtaposed terms)
  ['name:"ada lovelace" OR name:"grace hopper" AND blocked:false', ['ada']],
  ['(name:"ada lovelace" OR name:"grace hopper") AND blocked:true', ['grace']],
  ['blocked:true AND email_verified:false OR name:"ada lovelace"', ['grace', 'john', 'ada']],
  ['NOT blocked:true AND NOT email_verified:true AND app_metadata.plan:pro', ['legacy']],
  ['jane smith AND blocked:true', ['legacy', 'jane', 'john']],
  ['((app_metadata.plan:pro OR app_metadata.plan:free) AND (NOT (logins_count:[* TO 9] OR blocked:true)))', ['ada', 'margaret', 'alan']],
  // values that must stay values: quotes, SQL, backslashes, LIKE wildcards
  ['email:"x\' OR 1=1"', []],
  ['nickname:"x\' OR 1=1"', ['bobby']],
  ['name:"Robert\'); DROP TABLE local_users; --"', ['bobby']],
  ['nickname:back\\\\slash', ['slash']],
  ['nickname:"back\\\\slash"', ['slash']],
  ['nickname:50%_off', ['percent']],
  ['nickname:50%_*', ['percent']],
  ['nickname:*%_o*', ['percent']],
  ['email:a_b*', ['underscore']],
  ['email:%', []],
];

describe('local tenant user search (e2e)', () => {
  let db: TestDatabase;
  let context: INestApplicationContext;
  let search: LocalUserSearch;
  let prisma: PrismaService;

  const matchesOf = async (input: ListUsersInput) => (await search.search({ perPage: 100, ...input })).rows.map((r) => NAME_BY_ID.get(r.id) ?? r.id);

  async function failure(input: ListUsersInput): Promise<IdentityError> {
    try {
      await search.search(input);
    } catch (error) {
      expect(error).toBeInstanceOf(IdentityError);
      return error as IdentityError;
    }
    throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const module = await Test.createTestingModule({ imports: [DatabaseModule.forRoot(db.url), LocalUserSearchModule] }).compile();
    context = await module.init();
    search = context.get(LocalUserSearch);
    prisma = context.get(PrismaService);
    await prisma.localUser.createMany({
      data: Object.values(USERS).map((u) => ({
        ...DB_CONNECTION,
        ...u,
        emailNormalized: u.email ? u.email.toLowerCase() : null,
        usernameNormalized: u.username ? u.username.toLowerCase() : null,
        updatedAt: u.updatedAt ?? u.createdAt,
      })),
    });
  });
  afterAll(async () => {
    await context?.close();
    await db?.drop();
  });

  it(`covers ${MATCHES.length} queries`, () => expect(MATCHES.length).toBeGreaterThanOrEqual(40));

  it.each(MATCHES)('%s', async (q, expected) => {
    expect((await matchesOf({ q })).sort()).toEqual([...expected].sort());
  });

  it('leaves the table intact after injection attempts', async () => {
    for (const q of ['email:"x\' OR 1=1"', 'name:"\'); DROP TABLE local_users; --"', 'nickname:x\\\'\\)\\;DELETE\\ FROM\\ local_users\\;--']) await search.search({ q });
    expect(await prisma.localUser.count()).toBe(ALL.length);
  });

  describe('errors', () => {
    it.each([
      ['name:"unterminated', 6, /quoted phrase is not closed/],
      ['email:foo AND', 14, /ends unexpectedly/],
      ['(name:a OR name:b', 18, /missing closing parenthesis/],
      ['name:a OR OR name:b', 11, /unexpected "OR"/],
      ['name:a)', 7, /unexpected closing parenthesis/],
      ['logins_count:[1 TO 5', 21, /range must end/],
      ["name:'); DROP TABLE local_users; --", 7, /unexpected closing parenthesis/],
    ])('%s → invalid_query at column %d', async (q, column, reason) => {
      const error = await failure({ q });
      expect(error).toMatchObject({ status: 400, code: 'invalid_query', errorCode: 'invalid_query' });
      expect(error.message).toMatch(new RegExp(`line 1, column ${column}\\b`));
      expect(error.message).toMatch(reason);
      expect(error.details).toEqual([{ path: 'q', message: error.message }]);
    });

    it.each([
      ['favourite_colour:blue', /unknown field "favourite_colour"/],
      ['connection:legacy-db', /unknown field "connection"; search identities.connection/],
      ['name:*sa', /at least 3 characters/],
      ['email:*a*', /at least 3 characters/],
      ['logins_count:many', /logins_count is a whole number/],
      ['created_at:2024-02-30', /created_at is a date/],
      ['blocked:maybe', /blocked is true or false/],
      ['user_metadata.theme:da*', /not available on user_metadata/],
      ['user_metadata.age:[1 TO 5]', /not available on user_metadata/],
      ['name:[a TO c]', /range searches are available on dates, numbers and app_metadata/],
      ['name:jo?n', /"\?" wildcard is not supported/],
      ['name:/jo.n/', /regular expressions are not supported/],
      ['[1 TO 5]', /a range needs a field/],
    ])('%s → invalid_query', async (q, reason) => {
      const error = await failure({ q });
      expect(error).toMatchObject({ status: 400, errorCode: 'invalid_query' });
      expect(error.message).toMatch(reason);
    });

    it('rejects more than 100 users per page', async () => {
      const error = await failure({ perPage: 101 });
      expect(error).toMatchObject({ status: 400, errorCode: 'invalid_query_string' });
      expect(error.message).toContain('per_page');
    });

    it('rejects a page past the first 1000 results with Auth0 message', async () => {
      const error = await failure({ page: 10, perPage: 100 });
      expect(error).toMatchObject({ status: 400, errorCode: 'invalid_paging' });
      expect(error.message).toBe('You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation');
      await expect(search.search({ page: 9, perPage: 100 })).resolves.toMatchObject({ start: 900, limit: 100, rows: [] });
    });

    it.each(['app_metadata.plan:1', 'password_hash:1', 'created_at:2', 'created_at'])('rejects sort %s', async (sort) => {
      expect(await failure({ sort })).toMatchObject({ status: 400, errorCode: 'invalid_query_string' });
    });
  });

  describe('paging and sorting', () => {
    it('pages 0-based with start, limit and the total', async () => {
      const first = await search.search({ sort: 'logins_count:-1', perPage: 3 });
      expect(first).toMatchObject({ start: 0, limit: 3, total: ALL.length });
      expect(first.rows.map((r) => NAME_BY_ID.get(r.id))).toEqual(['linus', 'margaret', 'alan']);
      const second = await search.search({ sort: 'logins_count:-1', perPage: 3, page: 1 });
      expect(second).toMatchObject({ start: 3, limit: 3 });
      expect(second.rows.map((r) => NAME_BY_ID.get(r.id))).toEqual(['ada', 'john', 'legacy']);
    });

    it('counts the matches of the query, not of the page', async () => {
      const result = await search.search({ q: 'app_metadata.plan:pro', perPage: 2 });
      expect(result.total).toBe(5);
      expect(result.rows).toHaveLength(2);
    });

    it('defaults to 50 per page in creation order', async () => {
      const result = await search.search({});
      expect(result.limit).toBe(50);
      expect(result.rows.slice(0, 3).map((r) => NAME_BY_ID.get(r.id))).toEqual(['legacy', 'alan', 'jane']);
    });

    it('sorts users without a value last in both directions', async () => {
      for (const sort of ['last_login:1', 'last_login:-1']) {
        const names = await matchesOf({ sort });
        expect(names.slice(0, 5).sort()).toEqual(['ada', 'alan', 'elodie', 'linus', 'margaret']);
      }
      expect((await matchesOf({ sort: 'last_login:1' })).slice(0, 5)).toEqual(['linus', 'alan', 'margaret', 'elodie', 'ada']);
    });

    it('breaks ties by user id so pages never overlap or skip users', async () => {
      const seen: string[] = [];
      for (let page = 0; page < 6; page++) seen.push(...(await search.search({ sort: 'blocked:1', perPage: 3, page })).rows.map((r) => r.id));
      expect(seen).toHaveLength(ALL.length);
      expect(new Set(seen).size).toBe(ALL.length);
    });

    it('returns the full rows, as Prisma reads them', async () => {
      const { rows } = await search.search({ q: 'nickname:ada OR identities.connection:legacy-db' });
      expect(rows).toEqual(await prisma.localUser.findMany({ where: { id: { in: [hexId(1), hexId(3)] } }, orderBy: { createdAt: 'asc' } }));
      expect(rows[1]).toMatchObject({ id: hexId(1), email: 'Ada.Lovelace@Example.com', appMetadata: USERS.ada.appMetadata, lastLogin: USERS.ada.lastLogin });
    });

    it('returns the total with an empty page', async () => {
      expect(await search.search({ q: 'blocked:true', page: 1, perPage: 10 })).toEqual({ total: 2, start: 10, limit: 10, rows: [] });
      expect(await search.search({ q: 'nickname:nobody' })).toEqual({ total: 0, start: 0, limit: 50, rows: [] });
    });
  });

  it.each([
    ['email:foo*', {}, 'local_users_email_normalized_idx'],
    ['app_metadata.plan:"pro" AND blocked:false', {}, 'local_users_app_metadata_idx'],
    ['', { sort: 'created_at:-1' }, 'local_users_created_at_id_idx'],
  ])('compiles %s %j to SQL that %s can answer', async (q, paging, index) => {
    // Told not to scan the table, PostgreSQL shows which index serves the statement; on this small
    // table it would rightly prefer a scan.
    const statement = searchStatement(compileUserQuery(q), searchPage(paging));
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(`EXPLAIN ${statement.text}`, statement.values);
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain(index);
    } finally {
      await client.end();
    }
  });

  describe('with more than 1000 matches', () => {
    beforeAll(async () => {
      await prisma.localUser.createMany({
        data: Array.from({ length: 1100 }, (_, i) => ({ ...DB_CONNECTION, id: hexId(0x1000 + i), email: `bulk${i}@bulk.example`, emailNormalized: `bulk${i}@bulk.example`, loginsCount: i })),
      });
    });
    afterAll(() => prisma.localUser.deleteMany({ where: { email: { endsWith: '@bulk.example' } } }));

    it('reads the page in sort order from the table when more than 1000 users match', async () => {
      const names = async (sort: string) => (await search.search({ sort, perPage: 5 })).rows.map((r) => NAME_BY_ID.get(r.id));
      expect(await names('last_login:-1')).toEqual(['ada', 'elodie', 'margaret', 'alan', 'linus']);
      expect(await names('last_login:1')).toEqual(['linus', 'alan', 'margaret', 'elodie', 'ada']);
      expect(await names('created_at:1')).toEqual(['legacy', 'alan', 'jane', 'john', 'ada']);
      // The bulk users were created by one statement, at one instant: the id breaks the tie.
      const newest = (await search.search({ sort: 'created_at:-1', perPage: 3 })).rows.map((r) => r.id);
      expect(newest).toEqual([hexId(0x1000 + 1099), hexId(0x1000 + 1098), hexId(0x1000 + 1097)]);
    });

    it('counts up to 1000 and serves the last reachable page', async () => {
      const last = await search.search({ q: 'email.domain:bulk.example', sort: 'logins_count:1', page: 19, perPage: 50 });
      expect(last.total).toBe(1000);
      expect(last.rows.map((r) => r.loginsCount)).toEqual(Array.from({ length: 50 }, (_, i) => 950 + i));
      await expect(search.search({ q: 'email.domain:bulk.example', page: 20, perPage: 50 })).rejects.toMatchObject({ errorCode: 'invalid_paging' });
    });
  });
});
