import { randomInt } from 'node:crypto';

/**
 * A 56-digit log id like Auth0's: a sortable UTC timestamp (yyyymmddHHMMSSmmm, 17 digits) followed
 * by 39 random digits.
 */
export function newLogId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:TZ.]/g, '').slice(0, 17);
  let random = '';
  while (random.length < 39) random += String(randomInt(0, 1_000_000_000)).padStart(9, '0');
  return `900${stamp}${random}`.slice(0, 56);
}
