import { ApiProperty } from '@nestjs/swagger';
import { STATS_GROUPS } from './event-query.dto';
import type { StatsGroup } from './event-query.dto';

export class StatsBucketDto {
  /** The group: a type code, category, IP, user id, client id, country, or the bucket start (ISO 8601) for `hour`/`day`; null when events lack the field. */
  key: string | null;
  /** A readable name when there is one: the type's name, the user's name, the client's name. */
  label?: string | null;
  count: number;
}

export class EventStatsDto {
  @ApiProperty({ enum: STATS_GROUPS })
  groupBy: StatsGroup;
  from: string;
  to: string;
  /** Events in the window that pass the filters (all groups, not only the top N). */
  total: number;
  buckets: StatsBucketDto[];
}

export class FailedLoginsByIpDto {
  ip: string | null;
  count: number;
  /** Distinct users tried from this IP. */
  users: number;
  lastSeen: string;
}

export class FailedLoginsByUserDto {
  userId: string | null;
  userName: string | null;
  count: number;
  /** Distinct IPs the attempts came from. */
  ips: number;
  lastSeen: string;
}

export class FailedLoginsDto {
  total: number;
  byIp: FailedLoginsByIpDto[];
  byUser: FailedLoginsByUserDto[];
}

export class BruteForceHourDto {
  ip: string;
  /** Start of the hour (ISO 8601, UTC). */
  hour: string;
  count: number;
  /** Type codes seen (`limit_*`, `fp`, `fu`). */
  types: string[];
}

export class BruteForceDto {
  threshold: number;
  hours: BruteForceHourDto[];
}

export class DayCountDto {
  /** The day (YYYY-MM-DD, UTC). */
  day: string;
  count: number;
}

export class TypeCountDto {
  type: string;
  count: number;
}

/** The questions asked of Auth0 logs every day: who fails to log in, who is hammering, who signs up. */
export class SecurityReportDto {
  from: string;
  to: string;
  /** Events of category `auth.login.fail`, per IP and per user (most first). */
  failedLogins: FailedLoginsDto;
  /** IPs with more than `threshold` `limit_*`/`fp`/`fu` events in one hour. */
  bruteForce: BruteForceDto;
  /** Successful signups per day (every day of the window). */
  signupsPerDay: DayCountDto[];
  /** Credential-stuffing and breached-password signals (`pwd_leak`, `fcoa`, `scoa`). */
  credentialSignals: TypeCountDto[];
}
