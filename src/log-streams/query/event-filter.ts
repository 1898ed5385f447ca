import { Prisma } from '../../generated/prisma/client';
import type { LogEvent } from '../events/log-event';

/** The filters shared by the event list, the stats, the security report and the live tail. */
export interface EventFilter {
  /** Any of these type codes. */
  types?: string[];
  category?: string;
  userId?: string;
  userName?: string;
  ip?: string;
  clientId?: string;
  connection?: string;
  stream?: string;
  /** Case-insensitive substring of the description. */
  q?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** The fields a filter looks at, whether the event comes from the database or was just stored. */
export type FilterableEvent = Pick<LogEvent, 'date' | 'type' | 'userId' | 'userName' | 'ip' | 'clientId' | 'connection' | 'stream' | 'description'> & { category: string };

const EQUALITY = ['category', 'userId', 'userName', 'ip', 'clientId', 'connection', 'stream'] as const;

/** The filter as a Prisma condition on LogEvent. */
export function filterWhere(filter: EventFilter): Prisma.LogEventWhereInput {
  const where: Prisma.LogEventWhereInput = {};
  for (const field of EQUALITY) if (filter[field] !== undefined) where[field] = filter[field];
  if (filter.types?.length) where.type = { in: filter.types };
  // Prisma puts `contains` between % wildcards without escaping the text's own % and _.
  if (filter.q) where.description = { contains: likeLiteral(filter.q), mode: 'insensitive' };
  if (filter.from || filter.to) where.date = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) };
  return where;
}

const COLUMNS: Record<(typeof EQUALITY)[number], string> = {
  category: 'category',
  userId: 'user_id',
  userName: 'user_name',
  ip: 'ip',
  clientId: 'client_id',
  connection: 'connection',
  stream: 'stream',
};

/** `%`, `_` and `\` match themselves in a LIKE pattern built from user text. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The filter as SQL conditions on log_events (aliased `e`), joined with AND; `TRUE` for no filter. */
export function filterSql(filter: EventFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  for (const field of EQUALITY) if (filter[field] !== undefined) parts.push(Prisma.sql`${Prisma.raw(`e.${COLUMNS[field]}`)} = ${filter[field]}`);
  if (filter.types?.length) parts.push(Prisma.sql`e.type = ANY(${filter.types}::text[])`);
  if (filter.q) parts.push(Prisma.sql`e.description ILIKE ${`%${likeLiteral(filter.q)}%`}`);
  if (filter.from) parts.push(Prisma.sql`e.date >= ${filter.from}`);
  if (filter.to) parts.push(Prisma.sql`e.date < ${filter.to}`);
  return parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`;
}

/** Whether an event passes the filter, with the same meaning as the SQL forms (for the live tail). */
export function matchesFilter(filter: EventFilter, event: FilterableEvent): boolean {
  for (const field of EQUALITY) if (filter[field] !== undefined && event[field] !== filter[field]) return false;
  if (filter.types?.length && !filter.types.includes(event.type)) return false;
  if (filter.q && !(event.description ?? '').toLowerCase().includes(filter.q.toLowerCase())) return false;
  if (filter.from && event.date < filter.from) return false;
  if (filter.to && event.date >= filter.to) return false;
  return true;
}
