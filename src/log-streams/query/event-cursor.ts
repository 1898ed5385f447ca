import { ApiError } from '../../common/errors/api-error';

/** Position in the newest-first order of events: (date, log_id), both descending. */
export interface EventCursor {
  date: Date;
  logId: string;
}

export function encodeCursor(cursor: EventCursor): string {
  return Buffer.from(JSON.stringify([cursor.date.toISOString(), cursor.logId]), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): EventCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
    const date = new Date(value[0]);
    if (!Number.isNaN(date.getTime()) && value[1].length > 0) return { date, logId: value[1] };
  }
  throw ApiError.badRequest('invalid_cursor', 'The cursor is not one returned by this API.', [{ path: 'cursor', message: 'not a cursor returned as nextCursor' }]);
}
