import { categoryOf } from '../events/event-types';
import type { LogEvent } from '../events/log-event';

/** Why a record was quarantined instead of stored. */
export type QuarantineReason =
  | 'invalid_json'
  | 'not_an_object'
  | 'missing_log_id'
  | 'invalid_log_id'
  | 'invalid_data'
  | 'missing_type'
  | 'invalid_date'
  | 'unsupported_character';

export interface QuarantinedRecord {
  position: string;
  reason: QuarantineReason;
  message: string;
  logId: string | null;
  raw: string;
}

/** Auth0 log ids are 56 digits (older ones 24 hex characters); anything URL- and header-safe is accepted. */
const LOG_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** Values of indexed columns are cut to this length (a B-tree entry must fit in a page); `data` keeps them whole. */
const INDEXED_MAX = 512;
const TEXT_MAX = 2048;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: unknown, max: number): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value === '') return null;
  return value.length > max ? value.slice(0, max) : value;
}

function eventDate(value: unknown, fallback: Date): Date | null {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The country Auth0 put in the event (`location_info.country_code`), if any. */
function reportedCountry(data: Record<string, unknown>): string | null {
  const code = isObject(data.location_info) ? data.location_info.country_code : undefined;
  return typeof code === 'string' && /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : null;
}

/**
 * JSON text PostgreSQL's jsonb cannot hold: the NUL character and unpaired UTF-16 surrogates, which
 * JSON.stringify writes as `\u0000` / `\udXXX` escapes (paired surrogates are written as characters).
 * The pattern skips escaped backslashes, so a literal `\\u0000` in a string does not match.
 */
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

export function hasUnstorableText(json: string): boolean {
  return UNSTORABLE_ESCAPE.test(json);
}

/**
 * Whether records parsed from `body` may hold such text: only through a `\u0000` or surrogate escape
 * (a raw NUL byte is not valid JSON, and decoded UTF-8 has no unpaired surrogates). False for nearly
 * every batch, which then skips the per-record check.
 */
export function mayHoldUnstorableText(body: string): boolean {
  return /\\u(?:0000|d[89a-f])/i.test(body);
}

export interface RecordContext {
  stream: string;
  receivedAt: Date;
  /** Country of an IP address (GeoIP), for events that carry none. */
  countryOf?: (ip: string) => string | null;
  /** Check `data` for text PostgreSQL cannot store (see mayHoldUnstorableText). */
  checkText?: boolean;
}

/**
 * Checks one record `{log_id, data}` and maps it to the stored event, or says why it is quarantined.
 * Lenient where real payloads vary (missing `date` → received time, unknown type → category `other`,
 * `log_id` only inside `data`), strict where storing would be wrong.
 */
export function toLogEvent(value: unknown, position: string, raw: () => string, context: RecordContext): LogEvent | QuarantinedRecord {
  const quarantine = (reason: QuarantineReason, message: string, logId: string | null = null): QuarantinedRecord => ({ position, reason, message, logId, raw: raw() });
  if (!isObject(value)) return quarantine('not_an_object', `${position}: the record is not an object`);
  const data = value.data;
  const outerId = value.log_id;
  const innerId = isObject(data) ? data.log_id : undefined;
  const logId = outerId ?? innerId;
  const safeId = typeof logId === 'string' && LOG_ID.test(logId) ? logId : null;
  if (!isObject(data)) return quarantine('invalid_data', `${position}: data is missing or not an object`, safeId);
  if (logId === undefined || logId === null || logId === '') return quarantine('missing_log_id', `${position}: the record has no log_id`);
  if (!safeId) return quarantine('invalid_log_id', `${position}: log_id must be 1-128 letters, digits, - or _`);
  if (innerId !== undefined && outerId !== undefined && innerId !== outerId) return quarantine('invalid_log_id', `${position}: log_id and data.log_id differ`, safeId);
  const type = data.type;
  if (typeof type !== 'string' || type === '' || type.length > 128) return quarantine('missing_type', `${position}: data.type is missing or not a type code`, safeId);
  const date = eventDate(data.date, context.receivedAt);
  if (!date) return quarantine('invalid_date', `${position}: data.date is not an ISO 8601 date`, safeId);
  if (context.checkText && hasUnstorableText(JSON.stringify(data))) {
    return quarantine('unsupported_character', `${position}: data holds a NUL character or an unpaired surrogate, which cannot be stored`, safeId);
  }

  const ip = text(data.ip, INDEXED_MAX);
  return {
    logId: safeId,
    date,
    type,
    category: categoryOf(type),
    description: text(data.description, TEXT_MAX),
    userId: text(data.user_id, INDEXED_MAX),
    userName: text(data.user_name, TEXT_MAX),
    clientId: text(data.client_id, INDEXED_MAX),
    clientName: text(data.client_name, TEXT_MAX),
    connection: text(data.connection, TEXT_MAX),
    ip,
    userAgent: text(data.user_agent, TEXT_MAX),
    hostname: text(data.hostname, TEXT_MAX),
    country: reportedCountry(data) ?? (ip && context.countryOf ? context.countryOf(ip) : null),
    stream: context.stream,
    receivedAt: context.receivedAt,
    data,
  };
}

export function isQuarantined(result: LogEvent | QuarantinedRecord): result is QuarantinedRecord {
  return 'reason' in result;
}
