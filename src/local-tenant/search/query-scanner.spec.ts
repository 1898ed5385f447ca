import { QueryError } from './query-error';
import { scanQuery } from './query-scanner';

const errorOf = (q: string): QueryError => {
  try {
    scanQuery(q);
  } catch (error) {
    return error as QueryError;
  }
  throw new Error(`expected ${q} to be rejected`);
};

describe('scanQuery', () => {
  it('replaces fields and values by placeholders that map back to the query', () => {
    const scanned = scanQuery('email:foo* AND NOT name:"Jane Doe"');
    expect(scanned.rewritten).toBe(' f0:v0 AND NOT f1:v1');
    expect(scanned.fields).toEqual([{ name: 'email', start: 0 }, { name: 'name', start: 19 }]);
    expect(scanned.values).toEqual([
      { kind: 'term', segments: ['foo', ''], quoted: false, start: 6 },
      { kind: 'term', segments: ['Jane Doe'], quoted: true, start: 24 },
    ]);
    expect(scanned.origin).toHaveLength(scanned.rewritten.length);
    expect(scanned.origin[scanned.rewritten.indexOf('NOT')]).toBe(15);
  });

  it('reads Lucene terms liqe does not: escapes, |, %, apostrophes, dotted numbers', () => {
    const values = scanQuery("user_id:auth0|abc nickname:back\\\\slash\\* name:O'Brien last_ip:10.0.0.1 x:50%_").values;
    expect(values.map((v) => v.kind === 'term' && v.segments)).toEqual([['auth0|abc'], ['back\\slash*'], ["O'Brien"], ['10.0.0.1'], ['50%_']]);
  });

  it('unescapes quoted phrases and keeps * literal in them', () => {
    expect(scanQuery('name:"say \\"hi\\" \\\\ *"').values[0]).toMatchObject({ segments: ['say "hi" \\ *'], quoted: true });
  });

  it('reads inclusive, exclusive, mixed and open ranges with date bounds', () => {
    expect(scanQuery('last_login:{2017-11 TO 2017-12] created_at:[* TO "2020-01-01T10:00:00Z"}').values).toEqual([
      { kind: 'range', lower: '2017-11', upper: '2017-12', includeLower: false, includeUpper: true, start: 11 },
      { kind: 'range', lower: null, upper: '2020-01-01T10:00:00Z', includeLower: true, includeUpper: false, start: 43 },
    ]);
  });

  it('gives the terms of a field group that field, nested groups included', () => {
    const scanned = scanQuery('name:(jane OR (john doe)) x');
    expect(scanned.rewritten).toBe(' ( f0:v0 OR ( f1:v1 f2:v2 ) ) v3');
    expect(scanned.fields.map((f) => f.name)).toEqual(['name', 'name', 'name']);
  });

  it('reduces -, !, && and || to NOT, AND and OR', () => {
    expect(scanQuery('-(a || b) && !c').rewritten).toBe(' NOT ( v0 OR v1 ) AND NOT v2');
  });

  it.each([
    ['name:"open', 5, 'the quoted phrase is not closed'],
    ['(a OR b', 7, 'missing closing parenthesis'],
    ['a)', 1, 'unexpected closing parenthesis'],
    ['a AND AND b', 6, 'unexpected "AND"'],
    ['OR a', 0, 'unexpected "OR"'],
    ['name:', 5, 'a value is missing after "name:"'],
    ['name:AND', 5, 'a value is missing after "name:"'],
    ['a:b:c', 3, 'unexpected ":"; quote values that contain one'],
    [':a', 0, 'a field name is missing before ":"'],
    ['x:[1 5]', 5, 'a range needs the form [min TO max] (TO in capitals)'],
    ['x:[1 TO 5', 9, 'a range must end with "]" or "}"'],
    ['name:jo?n', 7, 'the "?" wildcard is not supported; escape it (\\?) or quote the value'],
    ['name:/x/', 5, 'regular expressions are not supported'],
    ['name:x~2', 6, '"~" (boosts and fuzzy or proximity searches) is not supported'],
    ['+a', 0, 'the + (required) operator is not supported; use AND'],
    ['a\\', 1, 'a backslash at the end of the query escapes nothing'],
  ])('rejects %s at offset %d', (q, offset, message) => {
    expect(errorOf(q)).toMatchObject({ offset, message });
  });
});
