import { parse as scanJson, ParseError, printParseErrorCode } from 'jsonc-parser';
import { ApiError } from '../../common/errors/api-error';

/** One record of a batch, parsed but not yet checked. `position` says where it was: `line 3`, `[2]`, `logs[2]`. */
export interface BatchRecord {
  position: string;
  value: unknown;
  /** The record as text, for the quarantine. */
  raw(): string;
}

/** A line of a JSON Lines body that is not JSON. */
export interface UnparseableLine {
  position: string;
  raw: string;
  message: string;
}

export interface ParsedBatch {
  format: 'json-lines' | 'json-array' | 'json-object';
  records: BatchRecord[];
  unparseable: UnparseableLine[];
}

export interface SyntaxErrorLocation {
  line: number;
  column: number;
  message: string;
}

/** Line, column (both 1-based) and kind of the first JSON syntax error in `text`. */
export function locateSyntaxError(text: string, parseError?: unknown): SyntaxErrorLocation {
  const errors: ParseError[] = [];
  scanJson(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const offset = errors.length ? errors[0].offset : Math.max(0, text.length - 1);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const message = errors.length ? describe(printParseErrorCode(errors[0].error)) : parseError instanceof Error ? parseError.message.slice(0, 200) : 'invalid JSON';
  return { line, column, message };
}

function describe(code: string): string {
  // InvalidSymbol → "invalid symbol", CloseBraceExpected → "close brace expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function notJson(text: string, error: unknown): ApiError {
  const at = locateSyntaxError(text, error);
  const where = `line ${at.line}, column ${at.column}`;
  return ApiError.badRequest(
    'invalid_json',
    `The body is not JSON Lines, a JSON array or {"logs": [...]}: ${where}: ${at.message}.`,
    [{ path: 'body', message: `${where}: ${at.message}` }],
  );
}

function fromDocument(document: unknown): ParsedBatch {
  const elements = (list: unknown[], prefix: string): BatchRecord[] =>
    list.map((value, i) => ({ position: `${prefix}[${i}]`, value, raw: () => JSON.stringify(value) ?? String(value) }));
  if (Array.isArray(document)) return { format: 'json-array', records: elements(document, ''), unparseable: [] };
  if (document !== null && typeof document === 'object') {
    const logs = (document as { logs?: unknown }).logs;
    if (Array.isArray(logs)) return { format: 'json-object', records: elements(logs, 'logs'), unparseable: [] };
    // A single record: a JSON Lines body of one line (or the same record spread over several lines).
    return { format: 'json-lines', records: [{ position: 'line 1', value: document, raw: () => JSON.stringify(document) }], unparseable: [] };
  }
  throw ApiError.badRequest('invalid_body', 'The body is JSON but neither JSON Lines of records, a JSON array nor {"logs": [...]}.');
}

/**
 * Splits a log-stream body into records. Auth0 sends JSON Lines (blank lines and a trailing newline
 * allowed), a JSON array, or `{"logs": [...]}`, all as application/json. In a JSON Lines body a line
 * that is not JSON is returned as unparseable (to be quarantined) and the other lines are kept; a body
 * that is none of the three formats fails with 400 and the line and column of the first error.
 */
export function parseBatch(body: string): ParsedBatch {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  if (text.trim() === '') throw ApiError.badRequest('invalid_body', 'The body is empty: expected JSON Lines, a JSON array or {"logs": [...]}.');
  let documentError: unknown;
  try {
    return fromDocument(JSON.parse(text));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    documentError = error;
  }
  // Not one JSON document: JSON Lines, if at least one line is a JSON object (a record); the lines that
  // are not JSON are returned for the quarantine. A broken JSON array, or a body without a single
  // record line (not JSON at all), is rejected as a whole.
  if (text.trimStart().startsWith('[')) throw notJson(text, documentError);
  const batch: ParsedBatch = { format: 'json-lines', records: [], unparseable: [] };
  let objects = 0;
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const position = `line ${index + 1}`;
    try {
      const value: unknown = JSON.parse(line);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) objects++;
      batch.records.push({ position, value, raw: () => line.replace(/\r$/, '') });
    } catch (error) {
      const at = locateSyntaxError(line, error);
      batch.unparseable.push({ position, raw: line.replace(/\r$/, ''), message: `line ${index + 1}, column ${at.column}: ${at.message}` });
    }
  });
  if (objects === 0) throw notJson(text, documentError);
  return batch;
}
