import { QueryError } from './query-error';

/** A field name before `:`, unescaped. */
export interface FieldToken {
  name: string;
  start: number;
}

/**
 * A term or a quoted phrase. `segments` are the literal pieces between unescaped `*` wildcards: a
 * plain value has one segment, `jo*n*` has `['jo', 'n', '']`. Quoted phrases never hold wildcards.
 */
export interface TermToken {
  kind: 'term';
  segments: string[];
  quoted: boolean;
  start: number;
}

/** `[a TO b]`, `{a TO b}` or a mix; a `*` bound is open (null). */
export interface RangeToken {
  kind: 'range';
  lower: string | null;
  upper: string | null;
  includeLower: boolean;
  includeUpper: boolean;
  start: number;
}

export type ValueToken = TermToken | RangeToken;

/**
 * The query with every field and value replaced by a placeholder (`f0:v0`, `v1`) and Lucene's
 * operator spellings reduced to `AND`, `OR`, `NOT`, so that liqe parses only the boolean structure.
 * `origin[i]` is the offset in the original query of character `i` of `rewritten`.
 */
export interface ScannedQuery {
  rewritten: string;
  origin: number[];
  fields: FieldToken[];
  values: ValueToken[];
}

const WHITESPACE = /\s/;
// Characters that end an unquoted term unless escaped with a backslash (Lucene's classic syntax).
const TERM_END = new Set([...'()[]{}":^~/!']);
const KEYWORDS = new Set(['AND', 'OR', 'NOT']);

/**
 * Reads Lucene term syntax that liqe does not know (escapes, `|`, `%`, `'`, dotted numbers, date and
 * open-ended ranges, `field:(a OR b)` groups, `-(…)`, `&&`/`||`/`!`) and leaves the boolean
 * structure to liqe.
 */
export function scanQuery(query: string): ScannedQuery {
  return new Scanner(query).scan();
}

class Scanner {
  private i = 0;
  private readonly out: string[] = [];
  private readonly origin: number[] = [];
  private readonly fields: FieldToken[] = [];
  private readonly values: ValueToken[] = [];
  /** Open parentheses, each with the field of a `field:(…)` group (inherited by nested ones). */
  private readonly groups: Array<FieldToken | undefined> = [];
  /** Whether the last token ends an operand (a value or a closing parenthesis). */
  private afterOperand = false;

  constructor(private readonly q: string) {}

  scan(): ScannedQuery {
    while (this.skipWhitespace()) this.clause();
    if (this.groups.length > 0) throw new QueryError(this.q.length, 'missing closing parenthesis');
    return { rewritten: this.out.join(''), origin: this.origin, fields: this.fields, values: this.values };
  }

  private clause(): void {
    const start = this.i;
    const c = this.q[start];
    const two = this.q.slice(start, start + 2);
    if (c === '(') {
      this.i++;
      this.openGroup(this.currentGroupField(), start);
    } else if (c === ')') {
      if (this.groups.length === 0) throw new QueryError(start, 'unexpected closing parenthesis');
      this.groups.pop();
      this.i++;
      this.emit(')', start);
    } else if (two === '&&' || two === '||') {
      this.i += 2;
      this.binaryOperator(two === '&&' ? 'AND' : 'OR', two, start);
    } else if (c === '!' || c === '-') {
      this.i++;
      this.negation(c, start);
    } else if (c === '+') {
      throw new QueryError(start, 'the + (required) operator is not supported; use AND');
    } else if (c === '"' || c === '[' || c === '{') {
      this.emitValue(this.currentGroupField(), c === '"' ? this.quoted() : this.range());
    } else {
      this.unquotedClause(start);
    }
  }

  private unquotedClause(start: number): void {
    this.rejectSpecial(start);
    const term = this.unquoted();
    if (this.q[this.i] === ':') {
      this.i++;
      this.fieldValue({ name: term.segments.join('*'), start });
      return;
    }
    const word = this.q.slice(start, this.i);
    if (word === 'AND' || word === 'OR') this.binaryOperator(word, word, start);
    else if (word === 'NOT') this.negation(word, start);
    else this.emitValue(this.currentGroupField(), term);
  }

  private negation(written: string, start: number): void {
    if (this.out[this.out.length - 1] === ' NOT') throw new QueryError(start, `unexpected "${written}"`);
    this.emit('NOT', start);
  }

  /** AND / OR need an operand on their left (the parser would only notice a token later). */
  private binaryOperator(operator: 'AND' | 'OR', written: string, start: number): void {
    if (!this.afterOperand) throw new QueryError(start, `unexpected "${written}"`);
    this.emit(operator, start);
  }

  private fieldValue(field: FieldToken): void {
    if (field.name === '') throw new QueryError(field.start, 'a field name is missing before ":"');
    this.skipWhitespace();
    const start = this.i;
    const c = this.q[start];
    if (c === '(') {
      this.i++;
      this.openGroup(field, start);
      return;
    }
    if (c === '"') return this.emitValue(field, this.quoted());
    if (c === '[' || c === '{') return this.emitValue(field, this.range());
    if (c === undefined || c === ')' || c === ':' || WHITESPACE.test(c)) throw new QueryError(start, `a value is missing after "${field.name}:"`);
    this.rejectSpecial(start);
    const term = this.unquoted();
    if (KEYWORDS.has(this.q.slice(start, this.i))) throw new QueryError(start, `a value is missing after "${field.name}:"`);
    if (this.q[this.i] === ':') throw new QueryError(this.i, 'unexpected ":"; quote values that contain one');
    this.emitValue(field, term);
  }

  private openGroup(field: FieldToken | undefined, start: number): void {
    this.groups.push(field);
    this.emit('(', start);
  }

  private currentGroupField(): FieldToken | undefined {
    return this.groups[this.groups.length - 1];
  }

  private rejectSpecial(at: number): void {
    const c = this.q[at];
    if (c === '/') throw new QueryError(at, 'regular expressions are not supported');
    if (c === '^' || c === '~') throw new QueryError(at, `"${c}" (boosts and fuzzy or proximity searches) is not supported`);
    if (c === ']' || c === '}') throw new QueryError(at, `unexpected "${c}"`);
    if (c === ':') throw new QueryError(at, 'a field name is missing before ":"');
  }

  /** An unquoted term up to the next unescaped terminator; `*` splits segments. */
  private unquoted(): TermToken {
    const start = this.i;
    const segments = [''];
    while (this.i < this.q.length) {
      const c = this.q[this.i];
      if (WHITESPACE.test(c) || TERM_END.has(c) || c === ':') break;
      if (c === '\\') {
        if (this.i + 1 >= this.q.length) throw new QueryError(this.i, 'a backslash at the end of the query escapes nothing');
        segments[segments.length - 1] += this.q[this.i + 1];
        this.i += 2;
        continue;
      }
      if (c === '?') throw new QueryError(this.i, 'the "?" wildcard is not supported; escape it (\\?) or quote the value');
      if (c === '*') segments.push('');
      else segments[segments.length - 1] += c;
      this.i++;
    }
    return { kind: 'term', segments, quoted: false, start };
  }

  /** A double-quoted phrase; backslash escapes the next character. */
  private quoted(): TermToken {
    const start = this.i;
    let text = '';
    this.i++;
    while (this.i < this.q.length) {
      const c = this.q[this.i];
      if (c === '"') {
        this.i++;
        return { kind: 'term', segments: [text], quoted: true, start };
      }
      if (c === '\\' && this.i + 1 < this.q.length) {
        text += this.q[this.i + 1];
        this.i += 2;
      } else {
        text += c;
        this.i++;
      }
    }
    throw new QueryError(start, 'the quoted phrase is not closed');
  }

  private range(): RangeToken {
    const start = this.i;
    const includeLower = this.q[this.i] === '[';
    this.i++;
    this.skipWhitespace();
    const lower = this.bound(start);
    if (!this.skipWhitespace() || this.q.slice(this.i, this.i + 2) !== 'TO' || !WHITESPACE.test(this.q[this.i + 2] ?? '')) {
      throw new QueryError(this.i, 'a range needs the form [min TO max] (TO in capitals)');
    }
    this.i += 2;
    this.skipWhitespace();
    const upper = this.bound(start);
    this.skipWhitespace();
    const close = this.q[this.i];
    if (close !== ']' && close !== '}') throw new QueryError(this.i, 'a range must end with "]" or "}"');
    this.i++;
    return { kind: 'range', lower, upper, includeLower, includeUpper: close === ']', start };
  }

  /** One range bound (quoted, or unquoted up to whitespace or the closing bracket); `*` is open. */
  private bound(rangeStart: number): string | null {
    if (this.i >= this.q.length) throw new QueryError(rangeStart, 'the range is not closed');
    if (this.q[this.i] === '"') return this.quoted().segments[0];
    let text = '';
    const start = this.i;
    while (this.i < this.q.length && !WHITESPACE.test(this.q[this.i]) && this.q[this.i] !== ']' && this.q[this.i] !== '}') {
      if (this.q[this.i] === '\\' && this.i + 1 < this.q.length) this.i++;
      text += this.q[this.i];
      this.i++;
    }
    if (text === '') throw new QueryError(start, 'a range bound is missing');
    return this.q.slice(start, this.i) === '*' ? null : text;
  }

  private emitValue(field: FieldToken | undefined, value: ValueToken): void {
    const v = `v${this.values.push(value) - 1}`;
    if (!field) return this.emit(v, value.start);
    const f = `f${this.fields.push(field) - 1}:`;
    this.emit(f, field.start);
    this.append(v, value.start);
  }

  /** A token preceded by a space, all of it mapped to `origin`. */
  private emit(token: string, origin: number): void {
    this.afterOperand = token === ')' || token.startsWith('v') || token.startsWith('f');
    this.append(` ${token}`, origin);
  }

  private append(text: string, origin: number): void {
    this.out.push(text);
    for (let k = 0; k < text.length; k++) this.origin.push(origin);
  }

  /** Skips whitespace; false at the end of the query. */
  private skipWhitespace(): boolean {
    while (this.i < this.q.length && WHITESPACE.test(this.q[this.i])) this.i++;
    return this.i < this.q.length;
  }
}
