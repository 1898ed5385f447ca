import { filterWhere, likeLiteral, matchesFilter } from './event-filter';

const event = {
  date: new Date('2026-11-20T10:00:00.000Z'),
  type: 'fp',
  category: 'auth.login.fail',
  userId: 'auth0|1',
  userName: 'a@b.c',
  ip: '1.2.3.4',
  clientId: 'c1',
  connection: 'db',
  stream: 'auth0',
  description: 'Wrong email or PASSWORD.',
};

describe('event filters', () => {
  it('match an event on every field, types as any-of, q as a case-insensitive substring', () => {
    expect(matchesFilter({}, event)).toBe(true);
    expect(matchesFilter({ types: ['s', 'fp'], category: 'auth.login.fail', userId: 'auth0|1', ip: '1.2.3.4', clientId: 'c1', connection: 'db', stream: 'auth0', userName: 'a@b.c', q: 'password' }, event)).toBe(true);
    expect(matchesFilter({ types: ['s'] }, event)).toBe(false);
    expect(matchesFilter({ userId: 'auth0|2' }, event)).toBe(false);
    expect(matchesFilter({ q: 'blocked' }, event)).toBe(false);
  });

  it('treat from as inclusive and to as exclusive', () => {
    expect(matchesFilter({ from: event.date }, event)).toBe(true);
    expect(matchesFilter({ to: event.date }, event)).toBe(false);
    expect(matchesFilter({ to: new Date(event.date.getTime() + 1) }, event)).toBe(true);
  });

  it('become the same Prisma conditions', () => {
    expect(filterWhere({ types: ['fp'], userId: 'auth0|1', q: 'pass_1', from: event.date, to: event.date })).toEqual({
      type: { in: ['fp'] },
      userId: 'auth0|1',
      description: { contains: 'pass\\_1', mode: 'insensitive' },
      date: { gte: event.date, lt: event.date },
    });
  });

  it('escape LIKE wildcards in free text', () => {
    expect(likeLiteral('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
});
