import { QueryError } from './query-error';
import type { TermToken } from './query-scanner';
import { termShape, wildcardRegex } from './wildcards';

const term = (...segments: string[]): TermToken => ({ kind: 'term', segments, quoted: false, start: 4 });

describe('termShape', () => {
  it('allows prefix matches of any length, as Auth0 does (name:j*)', () => {
    expect(termShape(term('j', ''), 'name')).toEqual({ kind: 'pattern', segments: ['j', ''] });
  });

  it('allows other wildcards with at least 3 characters besides them', () => {
    for (const segments of [['', 'usa'], ['', 'ric', ''], ['jane', 'smith'], ['a', 'b', 'c']]) {
      expect(termShape(term(...segments), 'name').kind).toBe('pattern');
    }
  });

  it.each([[['', 'sa']], [['', 'ab', '']], [['a', 'b']], [['', 'é', 'é']]])('rejects %j', (segments) => {
    expect(() => termShape(term(...segments), 'name')).toThrow(QueryError);
  });

  it('reads * alone as any value and a term without * as exact', () => {
    expect(termShape(term('', ''), 'name')).toEqual({ kind: 'any' });
    expect(termShape(term('jane'), 'name')).toEqual({ kind: 'exact', text: 'jane' });
  });
});

describe('wildcardRegex', () => {
  it('anchors the pattern and escapes every regex character but the wildcard', () => {
    expect(wildcardRegex(['a.b(', '$^', ''])).toBe('^a\\.b\\(.*\\$\\^.*$');
  });
});
