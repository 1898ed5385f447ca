import { QueryError } from './query-error';
import { parseUserQuery, UserQuery } from './query-parser';

/** The query's structure with each term written as field=value. */
function shape(query: UserQuery): unknown {
  switch (query.type) {
    case 'all':
      return '*';
    case 'term':
      return `${query.field?.name ?? ''}=${query.value.kind === 'term' ? query.value.segments.join('*') : 'range'}`;
    case 'not':
      return { not: shape(query.item) };
    default:
      return { [query.type]: query.items.map(shape) };
  }
}

describe('parseUserQuery', () => {
  it.each([
    ['', '*'],
    ['   ', '*'],
    ['a:1', 'a=1'],
    ['a OR b AND c', { or: ['=a', { and: ['=b', '=c'] }] }],
    ['a AND b OR c', { or: [{ and: ['=a', '=b'] }, '=c'] }],
    ['NOT a AND b', { and: [{ not: '=a' }, '=b'] }],
    ['a OR NOT b', { or: ['=a', { not: '=b' }] }],
    ['a b', { or: ['=a', '=b'] }],
    ['a b AND c', { or: ['=a', { and: ['=b', '=c'] }] }],
    ['(a OR b) AND -c', { and: [{ or: ['=a', '=b'] }, { not: '=c' }] }],
    ['x:(a OR (b AND c))', { or: ['x=a', { and: ['x=b', 'x=c'] }] }],
    ['NOT (a OR b)', { not: { or: ['=a', '=b'] } }],
  ])('%s', (q, expected) => {
    expect(shape(parseUserQuery(q))).toEqual(expected);
  });

  it.each([
    ['a AND', 5, 'the query ends unexpectedly'],
    ['a OR (b', 7, 'missing closing parenthesis'],
    ['a ()', 2, 'empty parentheses'],
    ['NOT NOT a', 4, 'unexpected "NOT"'],
    ['name:"a\u0000b"', 7, 'the query contains a NUL character'],
  ])('reports %s at offset %d', (q, offset, message) => {
    expect(() => parseUserQuery(q)).toThrow(QueryError);
    try {
      parseUserQuery(q);
    } catch (error) {
      expect(error).toMatchObject({ offset, message });
    }
  });

  it('refuses queries longer than 8192 characters', () => {
    expect(() => parseUserQuery(`email:${'x'.repeat(8186)}`)).not.toThrow();
    expect(() => parseUserQuery(`email:${'x'.repeat(8187)}`)).toThrow(expect.objectContaining({ offset: 8192, message: 'the query is longer than 8192 characters' }));
  });
});
