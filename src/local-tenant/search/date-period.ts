/** The span of time a date in a query stands for: `[start, end)`. */
export interface DatePeriod {
  start: Date;
  end: Date;
}

// 2024 · 2024-05 · 2024-05-01 · 2024-05-01T10:30 · …:45 · …:45.123 · each with an optional Z or ±hh:mm
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/** Date.UTC for any year from 1 (Date.UTC reads 0–99 as 1900–1999). */
function utc(year: number, monthIndex: number, day = 1, hour = 0, minute = 0, second = 0, millis = 0): number {
  const date = new Date(Date.UTC(2000, 0, 1, hour, minute, second, millis));
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

const daysIn = (year: number, month: number) => new Date(utc(year, month, 0)).getUTCDate();

/**
 * Parses a date as written in a search (UTC unless it has an offset). A partial date stands for its
 * whole period, as in Auth0's examples (`last_login:[* TO 2017-12]` is "up to the end of December
 * 2017"): a year, a month, a day, a minute or a second; a value with milliseconds is one millisecond
 * (the precision dates are stored with). Null when the text is not such a date.
 */
export function parseDatePeriod(text: string): DatePeriod | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [year, month = 1, day = 1, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (year === undefined || year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  const offsetMinutes = zoneOffsetMinutes(m[8]);
  if (offsetMinutes === null) return null;
  const startMs = utc(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  const start = new Date(startMs);
  const end = m[2] === undefined ? new Date(utc(year + 1, 0)) : m[3] === undefined ? new Date(utc(year, month)) : new Date(startMs + periodMs(m));
  return { start, end };
}

function periodMs(m: RegExpExecArray): number {
  if (m[4] === undefined) return 86_400_000;
  if (m[6] === undefined) return 60_000;
  if (m[7] === undefined) return 1000;
  return 1;
}

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const hours = Number(digits.slice(1, 3));
  const minutes = Number(digits.slice(3, 5));
  if (hours > 23 || minutes > 59) return null;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
