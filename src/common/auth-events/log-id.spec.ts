import { newLogId } from './log-id';

describe('newLogId', () => {
  it('is 56 digits, unique, and sorts by time', () => {
    const a = newLogId(new Date('2026-01-01T00:00:00.000Z'));
    const b = newLogId(new Date('2026-01-01T00:00:00.001Z'));
    expect(a).toMatch(/^\d{56}$/);
    expect(new Set(Array.from({ length: 1000 }, () => newLogId())).size).toBe(1000);
    expect(a < b).toBe(true);
  });
});
