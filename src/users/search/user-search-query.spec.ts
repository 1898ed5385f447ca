import { parseUserQuery } from '../../local-tenant/search/query-parser';
import { assertSelfContained, buildUserSearchQuery, UserSearchCriteria, UserSearchInputError } from './user-search-query';

const DB = 'Username-Password-Authentication';
const C = `identities.connection:"${DB}"`;
const one = (extra: Omit<UserSearchCriteria, 'connections'>): UserSearchCriteria => ({ connections: [DB], ...extra });

describe('buildUserSearchQuery: the exact Lucene query', () => {
  it.each<[string, UserSearchCriteria, string]>([
    ['connection only', { connections: [DB] }, C],
    ['two connections ORed in parentheses', { connections: ['a', 'b'] }, '(identities.connection:"a" OR identities.connection:"b")'],
    ['three connections', { connections: ['a', 'b', 'c'] }, '(identities.connection:"a" OR identities.connection:"b" OR identities.connection:"c")'],
    ['a connection name with a quote and a backslash', { connections: ['we"ird\\db'] }, 'identities.connection:"we\\"ird\\\\db"'],
    ['exact email', one({ email: 'jane@example.com' }), `${C} AND email:"jane@example.com"`],
    ['email prefix wildcard', one({ email: 'jane*' }), `${C} AND email:jane*`],
    ['email suffix wildcard', one({ email: '*@example.com' }), `${C} AND email:*@example.com`],
    ['wildcards inside a value', one({ email: 'j*e@ex*.com' }), `${C} AND email:j*e@ex*.com`],
    ['a lone wildcard (the field exists)', one({ email: '*' }), `${C} AND email:*`],
    ['exact value with a double quote', one({ nickname: 'say "hi"' }), `${C} AND nickname:"say \\"hi\\""`],
    ['exact value with a backslash', one({ nickname: 'back\\slash' }), `${C} AND nickname:"back\\\\slash"`],
    ['exact value ending in a backslash cannot escape the closing quote', one({ nickname: 'tail\\' }), `${C} AND nickname:"tail\\\\"`],
    ['exact value with a colon', one({ username: 'a:b' }), `${C} AND username:"a:b"`],
    ['exact value with parentheses', one({ nickname: 'x) OR (y' }), `${C} AND nickname:"x) OR (y"`],
    ['AND / OR / NOT words inside an exact value', one({ nickname: 'rock AND roll OR NOT' }), `${C} AND nickname:"rock AND roll OR NOT"`],
    ['a value that is only an operator word', one({ nickname: 'OR' }), `${C} AND nickname:"OR"`],
    ['wildcard value with a colon', one({ username: 'a:b*' }), `${C} AND username:a\\:b*`],
    ['wildcard value with parentheses', one({ nickname: '(x)*' }), `${C} AND nickname:\\(x\\)*`],
    ['wildcard value with a double quote', one({ nickname: 'say"*' }), `${C} AND nickname:say\\"*`],
    ['wildcard value with a backslash', one({ nickname: 'a\\b*' }), `${C} AND nickname:a\\\\b*`],
    ['AND / OR / NOT words inside a wildcard value stay one term', one({ nickname: 'rock AND roll OR NOT*' }), `${C} AND nickname:rock\\ AND\\ roll\\ OR\\ NOT*`],
    ['a wildcard value starting with an operator word', one({ nickname: 'OR*' }), `${C} AND nickname:OR*`],
    ['wildcard value with Lucene operators', one({ nickname: '+a -b !c && d || e*' }), `${C} AND nickname:\\+a\\ \\-b\\ \\!c\\ \\&\\&\\ d\\ \\|\\|\\ e*`],
    ['wildcard value with ? ~ ^ / = [ ] { }', one({ nickname: '?~^/=[]{}*' }), `${C} AND nickname:\\?\\~\\^\\/\\=\\[\\]\\{\\}*`],
    ['non-ASCII letters are kept', one({ nickname: 'jörg*' }), `${C} AND nickname:jörg*`],
    ['email, nickname and username together', one({ email: 'a@x.io', nickname: 'ann', username: 'ann1' }), `${C} AND email:"a@x.io" AND nickname:"ann" AND username:"ann1"`],
    ['one app_metadata value', one({ appMetadata: [{ path: 'plan', values: ['pro'] }] }), `${C} AND app_metadata.plan:"pro"`],
    ['repeated app_metadata values are ORed', one({ appMetadata: [{ path: 'groups', values: ['a', 'b'] }] }), `${C} AND (app_metadata.groups:"a" OR app_metadata.groups:"b")`],
    ['two app_metadata paths are ANDed', one({ appMetadata: [{ path: 'groups', values: ['a', 'b'] }, { path: 'plan', values: ['pro'] }] }), `${C} AND (app_metadata.groups:"a" OR app_metadata.groups:"b") AND app_metadata.plan:"pro"`],
    ['nested app_metadata path with a wildcard', one({ appMetadata: [{ path: 'address.city', values: ['Par*'] }] }), `${C} AND app_metadata.address.city:Par*`],
    ['app_metadata value with an operator word', one({ appMetadata: [{ path: 'team', values: ['R AND D'] }] }), `${C} AND app_metadata.team:"R AND D"`],
    ['raw q is ANDed in parentheses', one({ q: 'logins_count:[10 TO *]' }), `${C} AND (logins_count:[10 TO *])`],
    ['a raw q with OR cannot widen the connections', one({ q: 'email:a* OR identities.connection:*' }), `${C} AND (email:a* OR identities.connection:*)`],
    ['raw q after every filter', one({ email: 'x*', q: 'blocked:true' }), `${C} AND email:x* AND (blocked:true)`],
    ['a raw q with parentheses inside quotes', one({ q: 'name:"a ) OR ( b"' }), `${C} AND (name:"a ) OR ( b")`],
    ['a blank raw q is left out', one({ q: '   ' }), C],
    ['several connections with every filter', { connections: ['a', 'b'], email: 'e*', appMetadata: [{ path: 'g', values: ['1', '2'] }], q: 'x:1 OR y:2' }, '(identities.connection:"a" OR identities.connection:"b") AND email:e* AND (app_metadata.g:"1" OR app_metadata.g:"2") AND (x:1 OR y:2)'],
  ])('%s', (_name, criteria, expected) => {
    expect(buildUserSearchQuery(criteria)).toBe(expected);
  });

  const problem = (criteria: UserSearchCriteria) => {
    try {
      buildUserSearchQuery(criteria);
    } catch (error) {
      if (error instanceof UserSearchInputError) return { path: error.path, message: error.message };
      throw error;
    }
    throw new Error('expected a UserSearchInputError');
  };

  it('refuses what it cannot write safely, naming the parameter', () => {
    expect(problem({ connections: [] })).toMatchObject({ path: 'connection' });
    expect(problem(one({ email: '' }))).toMatchObject({ path: 'email', message: 'must not be empty' });
    expect(problem(one({ nickname: 'tab\there' }))).toMatchObject({ path: 'nickname', message: 'must not contain control characters' });
    expect(problem(one({ nickname: 'a<b*' }))).toMatchObject({ path: 'nickname', message: expect.stringContaining('cannot contain < or >') });
    expect(problem(one({ appMetadata: [{ path: 'a b', values: ['x'] }] }))).toMatchObject({ path: 'app_metadata.a b' });
    expect(problem(one({ appMetadata: [{ path: 'a:b', values: ['x'] }] }))).toMatchObject({ path: 'app_metadata.a:b' });
    expect(problem(one({ appMetadata: [{ path: 'plan', values: [] }] }))).toMatchObject({ path: 'app_metadata.plan' });
    // A < or > is fine in an exact value: it is quoted.
    expect(buildUserSearchQuery(one({ nickname: 'a<b' }))).toBe(`${C} AND nickname:"a<b"`);
  });
});

describe('assertSelfContained: a raw q cannot reach outside its parentheses', () => {
  const refused = (q: string) => {
    try {
      assertSelfContained(q);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };

  it.each([
    ['a) OR (identities.connection:*', 'unexpected closing parenthesis'],
    ['(a OR b', 'missing closing parenthesis'],
    ['name:"open', 'the quoted phrase is not closed'],
    ['email:foo\\', 'the query ends with a backslash'],
    ['logins_count:[1 TO 5', 'the range is not closed'],
    ['a] OR b', 'unexpected "]"'],
    ['name:/(/) OR (x:/)/', 'regular expressions are not supported'],
  ])('refuses %s', (q, message) => {
    expect(refused(q)).toEqual(expect.stringContaining(message));
  });

  it.each([
    'email:"a) OR (b"',
    'name:\\(literal\\)',
    'logins_count:[1 TO 5] AND (blocked:false OR blocked:true)',
    'name:{"a)" TO "b("}',
    'email:a\\/b',
    'NOT (a OR (b AND c))',
  ])('accepts %s', (q) => {
    expect(refused(q)).toBeUndefined();
  });
});

describe("buildUserSearchQuery read back by the local tenant's Lucene parser", () => {
  // The parser of the built-in tenant is an independent reading of the same syntax: what it sees
  // must be the connection restriction ANDed with one term per filter, with the values intact.
  type Node = ReturnType<typeof parseUserQuery>;
  const literal = (node: Node): string => {
    if (node.type !== 'term' || node.value.kind !== 'term') throw new Error(`not a term: ${JSON.stringify(node)}`);
    return `${node.field?.name}=${node.value.segments.join('*')}`;
  };
  const shape = (node: Node): unknown => {
    if (node.type === 'and' || node.type === 'or') return { [node.type]: node.items.map(shape) };
    if (node.type === 'not') return { not: shape(node.item) };
    return literal(node);
  };

  it.each<[string, UserSearchCriteria, unknown]>([
    ['quotes, backslashes and operator words in exact values', one({ nickname: 'say "x" AND \\ OR', username: 'a:b' }), { and: [`identities.connection=${DB}`, 'nickname=say "x" AND \\ OR', 'username=a:b'] }],
    ['special characters in a wildcard value', one({ nickname: 'r&d (x) AND y:z "q" \\*' }), { and: [`identities.connection=${DB}`, 'nickname=r&d (x) AND y:z "q" \\*'] }],
    ['connections ORed, the raw q inside the AND', { connections: ['a', 'b'], q: 'email:x* OR email:y*' }, { and: [{ or: ['identities.connection=a', 'identities.connection=b'] }, { or: ['email=x*', 'email=y*'] }] }],
    ['metadata alternatives', one({ appMetadata: [{ path: 'groups', values: ['a b', 'c*'] }] }), { and: [`identities.connection=${DB}`, { or: ['app_metadata.groups=a b', 'app_metadata.groups=c*'] }] }],
  ])('%s', (_name, criteria, expected) => {
    expect(shape(parseUserQuery(buildUserSearchQuery(criteria)))).toEqual(expected);
  });
});
