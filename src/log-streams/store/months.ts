/** Calendar months in UTC, as the event store partitions them. */

/** The first instant (UTC) of the month of `date`. */
export function monthOf(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

export function addMonths(month: Date, months: number): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + months, 1));
}

/** `log_events_y2026m11` for November 2026. */
export function partitionName(month: Date): string {
  return `log_events_y${String(month.getUTCFullYear()).padStart(4, '0')}m${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month of a monthly partition's name, or null for any other table (e.g. the default partition). */
export function partitionMonth(name: string): Date | null {
  const match = /^log_events_y(\d{4})m(\d{2})$/.exec(name);
  if (!match) return null;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? new Date(Date.UTC(Number(match[1]), month - 1, 1)) : null;
}

/** Oldest month kept: the current month and the `retentionMonths` before it. */
export function retentionCutoff(now: Date, retentionMonths: number): Date {
  return addMonths(monthOf(now), -retentionMonths);
}
