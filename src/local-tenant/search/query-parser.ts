import { LiqeError, parse as parseLiqe, SyntaxError as LiqeSyntaxError } from 'liqe';
import type { ParserAst } from 'liqe';
import { QueryError } from './query-error';
import { FieldToken, scanQuery, ScannedQuery, ValueToken } from './query-scanner';

/** A parsed user search: terms on a field (or on the default fields) combined with AND, OR and NOT. */
export type UserQuery =
  | { type: 'all' }
  | { type: 'term'; field: FieldToken | undefined; value: ValueToken }
  | { type: 'and' | 'or'; items: UserQuery[] }
  | { type: 'not'; item: UserQuery };

export const MAX_QUERY_LENGTH = 8192;

type Conjunction = 'AND' | 'OR' | undefined;

interface Clause {
  conjunction: Conjunction;
  negated: boolean;
  node: ParserAst;
}

/**
 * Parses an Auth0 v3 (Lucene) user search. NOT (or `-`) binds tightest, then AND, then OR; terms
 * side by side without an operator are joined by OR, the default operator (`jane smith` is
 * `jane OR smith`). This is the reading Auth0's documented examples rely on, e.g.
 * `email_verified:false OR NOT _exists_:email_verified`. Throws QueryError with the offset of the problem.
 */
export function parseUserQuery(query: string): UserQuery {
  // Parsing time and bound parameters grow with the query; this is far beyond what a URL carries.
  if (query.length > MAX_QUERY_LENGTH) throw new QueryError(MAX_QUERY_LENGTH, `the query is longer than ${MAX_QUERY_LENGTH} characters`);
  // PostgreSQL text cannot hold NUL: such a value could only fail in the database.
  if (query.includes('\u0000')) throw new QueryError(query.indexOf('\u0000'), 'the query contains a NUL character');
  const scanned = scanQuery(query);
  if (scanned.rewritten.trim() === '') return { type: 'all' };
  let ast: ParserAst;
  try {
    ast = parseLiqe(scanned.rewritten);
  } catch (error) {
    throw syntaxError(error, query, scanned);
  }
  return new AstReader(scanned).read(ast);
}

function syntaxError(error: unknown, query: string, scanned: ScannedQuery): unknown {
  if (error instanceof LiqeSyntaxError) {
    const offset = scanned.origin[error.offset] ?? query.length;
    if (offset >= query.length) return new QueryError(query.length, 'the query ends unexpectedly');
    const near = query.slice(offset).split(/\s/)[0].slice(0, 30);
    return new QueryError(offset, `unexpected "${near}"`);
  }
  // nearley reports running out of input as "no parsings" (e.g. a trailing AND).
  if (error instanceof Error && /no parsings/i.test(error.message)) return new QueryError(query.length, 'the query ends unexpectedly');
  if (error instanceof LiqeError) return new QueryError(0, 'the query could not be parsed');
  return error;
}

class AstReader {
  constructor(private readonly scanned: ScannedQuery) {}

  read(node: ParserAst): UserQuery {
    switch (node.type) {
      case 'Tag':
        return this.term(node);
      case 'ParenthesizedExpression':
        if (node.expression.type === 'EmptyExpression') throw new QueryError(this.offsetOf(node.location.start), 'empty parentheses');
        return this.read(node.expression);
      case 'EmptyExpression':
        return { type: 'all' };
      default:
        return this.clauses(node);
    }
  }

  private term(node: Extract<ParserAst, { type: 'Tag' }>): UserQuery {
    const expression = node.expression;
    if (expression.type !== 'LiteralExpression' || typeof expression.value !== 'string') {
      throw new QueryError(this.offsetOf(node.location.start), 'a value is missing');
    }
    const value = this.scanned.values[Number(expression.value.slice(1))];
    const field = node.field.type === 'Field' ? this.scanned.fields[Number(node.field.name.slice(1))] : undefined;
    return { type: 'term', field, value };
  }

  /** A run of clauses joined by AND / OR / nothing: OR (explicit or implied) of AND groups. */
  private clauses(node: ParserAst): UserQuery {
    const list: Clause[] = [];
    flatten(node, undefined, list);
    const groups: UserQuery[][] = [];
    for (const [index, clause] of list.entries()) {
      const item = this.read(clause.node);
      const operand: UserQuery = clause.negated ? { type: 'not', item } : item;
      if (index > 0 && clause.conjunction === 'AND') groups[groups.length - 1].push(operand);
      else groups.push([operand]);
    }
    const ands = groups.map((items): UserQuery => (items.length === 1 ? items[0] : { type: 'and', items }));
    return ands.length === 1 ? ands[0] : { type: 'or', items: ands };
  }

  private offsetOf(rewrittenOffset: number): number {
    return this.scanned.origin[rewrittenOffset] ?? 0;
  }
}

/** The clauses of a chain in query order; parenthesised groups stay whole. */
function flatten(node: ParserAst, conjunction: Conjunction, out: Clause[]): void {
  if (node.type === 'LogicalExpression') {
    flatten(node.left, conjunction, out);
    flatten(node.right, node.operator.type === 'ImplicitBooleanOperator' ? undefined : node.operator.operator, out);
  } else if (node.type === 'UnaryOperator') {
    out.push({ conjunction, negated: true, node: node.operand });
  } else {
    out.push({ conjunction, negated: false, node });
  }
}
