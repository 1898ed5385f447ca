import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';
import { PrismaService } from '../../database/prisma.service';
import { Prisma } from '../../generated/prisma/client';
import { EVENT_TYPES } from '../events/event-types';
import type { StatsGroup } from './dto/event-query.dto';
import type { EventStatsDto, SecurityReportDto } from './dto/stats.dto';
import { EventFilter, filterSql } from './event-filter';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Longest windows per time bucket, so one request cannot ask for millions of buckets. */
const MAX_WINDOW: Record<'hour' | 'day', number> = { hour: 93 * DAY, day: 3660 * DAY };
const DEFAULT_STATS_WINDOW = 7 * DAY;
const DEFAULT_SECURITY_WINDOW = DAY;

/** The key and readable label of each top-N grouping. */
const GROUP_COLUMNS: Record<Exclude<StatsGroup, 'hour' | 'day'>, { key: string; label?: string }> = {
  type: { key: 'e.type' },
  category: { key: 'e.category' },
  ip: { key: 'e.ip' },
  user: { key: 'e.user_id', label: 'max(e.user_name)' },
  client: { key: 'e.client_id', label: 'max(e.client_name)' },
  country: { key: 'e.country' },
};

const BRUTE_FORCE_TYPES = [...Object.keys(EVENT_TYPES).filter((code) => code.startsWith('limit_')), 'fp', 'fu'];
const CREDENTIAL_SIGNAL_TYPES = ['pwd_leak', 'fcoa', 'scoa'];

const count = (value: bigint | number | null) => Number(value ?? 0);

interface Window {
  from: Date;
  to: Date;
}

function windowOf(filter: EventFilter, defaultLength: number): Window {
  const to = filter.to ?? new Date();
  const from = filter.from ?? new Date(to.getTime() - defaultLength);
  if (from >= to) throw ApiError.badRequest('invalid_time_window', '`from` must be before `to`.', [{ path: 'from', message: 'must be before to' }]);
  return { from, to };
}

/** Counts over stored events: per time bucket or top-N per field, and the security report. */
@Injectable()
export class EventStats {
  constructor(private readonly prisma: PrismaService) {}

  async stats(groupBy: StatsGroup, filter: EventFilter, limit = 10): Promise<EventStatsDto> {
    const window = windowOf(filter, DEFAULT_STATS_WINDOW);
    const where = filterSql({ ...filter, ...window });
    const base = { groupBy, from: window.from.toISOString(), to: window.to.toISOString() };
    if (groupBy === 'hour' || groupBy === 'day') {
      if (window.to.getTime() - window.from.getTime() > MAX_WINDOW[groupBy]) {
        throw ApiError.badRequest('window_too_large', `groupBy=${groupBy} covers at most ${MAX_WINDOW[groupBy] / DAY} days; narrow from/to.`);
      }
      const buckets = await this.timeBuckets(groupBy, window, where);
      return { ...base, total: buckets.reduce((n, b) => n + b.count, 0), buckets: buckets.map((b) => ({ key: b.start.toISOString(), count: b.count })) };
    }
    const column = GROUP_COLUMNS[groupBy];
    const rows = await this.prisma.$queryRaw<Array<{ key: string | null; label: string | null; count: bigint; total: bigint }>>`
      SELECT ${Prisma.raw(column.key)} AS key, ${Prisma.raw(column.label ?? 'NULL::text')} AS label, count(*) AS count, sum(count(*)) OVER () AS total
      FROM log_events e WHERE ${where}
      GROUP BY 1 ORDER BY count(*) DESC, 1 NULLS LAST LIMIT ${limit}`;
    const total = rows.length ? count(rows[0].total) : 0;
    return {
      ...base,
      total,
      buckets: rows.map((r) => ({
        key: r.key,
        ...(groupBy === 'type' ? { label: r.key !== null && Object.prototype.hasOwnProperty.call(EVENT_TYPES, r.key) ? EVENT_TYPES[r.key][0] : null } : {}),
        ...(column.label ? { label: r.label } : {}),
        count: count(r.count),
      })),
    };
  }

  async security(filter: Pick<EventFilter, 'from' | 'to'>, bruteForceThreshold = 4, limit = 10): Promise<SecurityReportDto> {
    const window = windowOf(filter, DEFAULT_SECURITY_WINDOW);
    const failed = filterSql({ ...window, category: 'auth.login.fail' });
    const [byIp, byUser, totals, bruteForce, signups, signals] = await Promise.all([
      this.prisma.$queryRaw<Array<{ ip: string | null; count: bigint; users: bigint; last_seen: Date }>>`
        SELECT e.ip, count(*) AS count, count(DISTINCT coalesce(e.user_id, e.user_name)) AS users, max(e.date) AS last_seen
        FROM log_events e WHERE ${failed} GROUP BY e.ip ORDER BY count(*) DESC, e.ip NULLS LAST LIMIT ${limit}`,
      this.prisma.$queryRaw<Array<{ user_id: string | null; user_name: string | null; count: bigint; ips: bigint; last_seen: Date }>>`
        SELECT max(e.user_id) AS user_id, max(e.user_name) AS user_name, count(*) AS count, count(DISTINCT e.ip) AS ips, max(e.date) AS last_seen
        FROM log_events e WHERE ${failed} GROUP BY coalesce(e.user_id, e.user_name) ORDER BY count(*) DESC, 1 NULLS LAST LIMIT ${limit}`,
      this.prisma.$queryRaw<Array<{ total: bigint }>>`SELECT count(*) AS total FROM log_events e WHERE ${failed}`,
      this.prisma.$queryRaw<Array<{ ip: string; hour: Date; count: bigint; types: string[] }>>`
        SELECT e.ip, date_trunc('hour', e.date AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, count(*) AS count, array_agg(DISTINCT e.type ORDER BY e.type) AS types
        FROM log_events e WHERE ${filterSql({ ...window, types: BRUTE_FORCE_TYPES })} AND e.ip IS NOT NULL
        GROUP BY 1, 2 HAVING count(*) > ${bruteForceThreshold} ORDER BY count(*) DESC, 2 DESC LIMIT ${limit}`,
      this.timeBuckets('day', window, filterSql({ ...window, category: 'auth.signup.success' })),
      this.prisma.$queryRaw<Array<{ type: string; count: bigint }>>`
        SELECT e.type, count(*) AS count FROM log_events e WHERE ${filterSql({ ...window, types: CREDENTIAL_SIGNAL_TYPES })} GROUP BY 1 ORDER BY 2 DESC`,
    ]);
    return {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      failedLogins: {
        total: count(totals[0]?.total ?? 0),
        byIp: byIp.map((r) => ({ ip: r.ip, count: count(r.count), users: count(r.users), lastSeen: r.last_seen.toISOString() })),
        byUser: byUser.map((r) => ({ userId: r.user_id, userName: r.user_name, count: count(r.count), ips: count(r.ips), lastSeen: r.last_seen.toISOString() })),
      },
      bruteForce: {
        threshold: bruteForceThreshold,
        hours: bruteForce.map((r) => ({ ip: r.ip, hour: r.hour.toISOString(), count: count(r.count), types: r.types })),
      },
      signupsPerDay: signups.map((b) => ({ day: b.start.toISOString().slice(0, 10), count: b.count })),
      credentialSignals: signals.map((r) => ({ type: r.type, count: count(r.count) })),
    };
  }

  /** Counts per UTC hour or day over the whole window, empty buckets included. */
  private async timeBuckets(unit: 'hour' | 'day', window: Window, where: Prisma.Sql): Promise<Array<{ start: Date; count: number }>> {
    const step = Prisma.raw(`interval '1 ${unit}'`);
    const trunc = Prisma.raw(`'${unit}'`);
    const rows = await this.prisma.$queryRaw<Array<{ start: Date; count: bigint }>>`
      WITH counted AS (
        SELECT date_trunc(${trunc}, e.date AT TIME ZONE 'UTC') AS bucket, count(*) AS count
        FROM log_events e WHERE ${where} GROUP BY 1
      )
      SELECT s.bucket AT TIME ZONE 'UTC' AS start, coalesce(c.count, 0) AS count
      FROM generate_series(
        date_trunc(${trunc}, ${window.from}::timestamptz AT TIME ZONE 'UTC'),
        date_trunc(${trunc}, (${window.to}::timestamptz - interval '1 millisecond') AT TIME ZONE 'UTC'),
        ${step}) AS s(bucket)
      LEFT JOIN counted c ON c.bucket = s.bucket
      ORDER BY s.bucket`;
    return rows.map((r) => ({ start: r.start, count: count(r.count) }));
  }
}
