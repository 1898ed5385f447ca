import { addMonths, monthOf, partitionMonth, partitionName, retentionCutoff } from './months';

describe('event store months', () => {
  it('names monthly partitions and reads the month back', () => {
    const month = monthOf(new Date('2026-11-30T23:59:59.999Z'));
    expect(month.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(partitionName(month)).toBe('log_events_y2026m11');
    expect(partitionMonth('log_events_y2026m11')).toEqual(month);
    expect(partitionMonth('log_events_default')).toBeNull();
    expect(partitionMonth('log_events_y2026m13')).toBeNull();
  });

  it('steps across years', () => {
    expect(addMonths(new Date('2026-11-01T00:00:00Z'), 2).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(addMonths(new Date('2026-01-01T00:00:00Z'), -1).toISOString()).toBe('2025-12-01T00:00:00.000Z');
  });

  it('keeps the current month and the retention months before it', () => {
    expect(retentionCutoff(new Date('2026-11-15T10:00:00Z'), 3).toISOString()).toBe('2026-08-01T00:00:00.000Z');
  });
});
