import { IdentityError } from '../../identity/identity.error';

/** A problem in a search query, at an offset of the query text (0-based). */
export class QueryError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

/** The 400 `invalid_query` a caller receives, with the position of the problem in the message and details. */
export function invalidQuery(query: string, error: QueryError): IdentityError {
  const { line, column } = lineAndColumn(query, error.offset);
  const message = `Invalid query at line ${line}, column ${column} (offset ${error.offset}): ${error.message}`;
  return new IdentityError(400, 'invalid_query', message, { details: [{ path: 'q', message }] });
}
