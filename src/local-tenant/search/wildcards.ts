import { QueryError } from './query-error';
import type { TermToken } from './query-scanner';

export type TermShape = { kind: 'exact'; text: string } | { kind: 'any' } | { kind: 'pattern'; segments: string[] };

/**
 * What a term asks for, with Auth0's wildcard rule: a prefix match (`j*`) takes any number of
 * characters; any other use of `*` (`*usa`, `*smith*`, `jane*smith`) needs at least 3 characters
 * besides the wildcards. `*` alone matches any value.
 */
export function termShape(term: TermToken, field: string): TermShape {
  const { segments } = term;
  if (segments.length === 1) return { kind: 'exact', text: segments[0] };
  if (segments.every((s) => s === '')) return { kind: 'any' };
  const prefixOnly = segments.length === 2 && segments[0] !== '' && segments[1] === '';
  const literal = segments.reduce((n, s) => n + [...s].length, 0);
  if (!prefixOnly && literal < 3) {
    throw new QueryError(term.start, `wildcard searches on ${field} other than prefix matches need at least 3 characters besides the "*" (e.g. *usa, not *sa)`);
  }
  return { kind: 'pattern', segments };
}

/** A LIKE pattern (escape character `\`) in which only the wildcards are special. */
export function likePattern(segments: string[]): string {
  return segments.map((s) => s.replace(/[\\%_]/g, (c) => `\\${c}`)).join('%');
}

/** An anchored regular expression (for SQL/JSON `like_regex`) in which only the wildcards are special. */
export function wildcardRegex(segments: string[]): string {
  return `^${segments.map((s) => s.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`)).join('.*')}$`;
}
