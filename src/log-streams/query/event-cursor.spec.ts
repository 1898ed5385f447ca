import { ApiError } from '../../common/errors/api-error';
import { decodeCursor, encodeCursor } from './event-cursor';

describe('event cursor', () => {
  it('round-trips the date and log id of the last event of a page', () => {
    const cursor = { date: new Date('2026-11-03T08:25:14.466Z'), logId: '90020261103082515482106767167326018758436529088273317970' };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it.each(['', 'not-a-cursor', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')])('rejects %p with invalid_cursor', (text) => {
    expect(() => decodeCursor(text)).toThrow(ApiError);
    try {
      decodeCursor(text);
    } catch (error) {
      expect((error as ApiError).errorCode).toBe('invalid_cursor');
    }
  });
});
