import { IdentityError } from '../../identity/identity.error';
import { compileUserQuery } from './query-compiler';

describe('compileUserQuery', () => {
  it('passes every value as a bound parameter', () => {
    const sql = compileUserQuery(`email:"x' OR 1=1" OR name:"'); DROP TABLE local_users; --"`);
    expect(sql.text).toBe(`("email_normalized" = $1 OR lower("name") = lower($2))`);
    expect(sql.values).toEqual(["x' or 1=1", "'); DROP TABLE local_users; --"]);
  });

  it('turns a prefix into an indexable LIKE with % and _ escaped', () => {
    expect(compileUserQuery('email:Foo_1%*')).toMatchObject({ text: `"email_normalized" LIKE $1 ESCAPE '\\'`, values: ['foo\\_1\\%%'] });
  });

  it('tests metadata with one SQL/JSON path the GIN index answers, JSON-escaped', () => {
    const sql = compileUserQuery('app_metadata.plan:"pro" AND blocked:false');
    expect(sql.text).toBe(`("app_metadata" @? $1::jsonpath AND "blocked" = $2)`);
    expect(sql.values).toEqual(['$."plan"[*] ? (@ == "pro")', false]);
    expect(compileUserQuery('app_metadata.a\\"b:"x\\" || true"').values).toEqual(['$."a\\"b"[*] ? (@ == "x\\" || true")']);
  });

  it('matches numbers and booleans in metadata as typed values and as strings', () => {
    expect(compileUserQuery('app_metadata.seats:05').values).toEqual(['$."seats"[*] ? (@ == "05")']);
    expect(compileUserQuery('app_metadata.seats:5').values).toEqual(['$."seats"[*] ? (@ == "5" || @ == 5)']);
    expect(compileUserQuery('app_metadata.beta:true').values).toEqual(['$."beta"[*] ? (@ == "true" || @ == true)']);
  });

  it('keeps users with no value when negating', () => {
    expect(compileUserQuery('NOT name:x').text).toBe(`(lower("name") = lower($1)) IS NOT TRUE`);
  });

  it('turns period bounds into half-open timestamp comparisons', () => {
    const sql = compileUserQuery('last_login:{2017-11 TO 2017-12]');
    expect(sql.text).toBe(`("last_login" >= $1::timestamptz AND "last_login" < $2::timestamptz)`);
    expect(sql.values).toEqual(['2017-12-01T00:00:00.000Z', '2018-01-01T00:00:00.000Z']);
  });

  it('matches everything for an empty query', () => {
    expect(compileUserQuery('  ').text).toBe('TRUE');
  });

  it('throws invalid_query naming the field and its position', () => {
    expect(() => compileUserQuery('name:x AND\nfavourite_colour:blue')).toThrow(IdentityError);
    try {
      compileUserQuery('name:x AND\nfavourite_colour:blue');
    } catch (error) {
      expect(error).toMatchObject({ status: 400, errorCode: 'invalid_query' });
      expect((error as Error).message).toMatch(/^Invalid query at line 2, column 1 \(offset 11\): unknown field "favourite_colour"/);
    }
  });
});
