import { parseDatePeriod } from './date-period';

const iso = (text: string) => {
  const period = parseDatePeriod(text);
  return period && [period.start.toISOString(), period.end.toISOString()];
};

describe('parseDatePeriod', () => {
  it.each([
    ['2017', '2017-01-01T00:00:00.000Z', '2018-01-01T00:00:00.000Z'],
    ['2017-12', '2017-12-01T00:00:00.000Z', '2018-01-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2024-05-01T10:30', '2024-05-01T10:30:00.000Z', '2024-05-01T10:31:00.000Z'],
    ['2024-05-01T10:30:15Z', '2024-05-01T10:30:15.000Z', '2024-05-01T10:30:16.000Z'],
    ['2024-05-01T10:30:15.5+02:00', '2024-05-01T08:30:15.500Z', '2024-05-01T08:30:15.501Z'],
    ['2024-05-01 10:30:15-0130', '2024-05-01T12:00:15.000Z', '2024-05-01T12:00:16.000Z'],
  ])('%s is [%s, %s)', (text, start, end) => {
    expect(iso(text)).toEqual([start, end]);
  });

  it.each(['2023-02-29', '2024-13', '2024-00-10', '2024-05-01T24:00', '24-05-01', 'yesterday', '2024-05-01T10:00+25:00', ''])('rejects %s', (text) => {
    expect(parseDatePeriod(text)).toBeNull();
  });
});
