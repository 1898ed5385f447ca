import { placeChunkErrors } from './chunk-errors';

describe('placeChunkErrors', () => {
  const chunk = [{ email: 'a@example.com' }, { email: 'B@example.com', user_id: 'legacy-2' }, { email: 'c@example.com', password_hash: '$2b$…' }];

  it("places each error at its user's position in the input, without password hashes", () => {
    const placed = placeChunkErrors(chunk, 1000, [
      { user: { email: 'b@EXAMPLE.com', user_id: 'legacy-2' }, errors: [{ code: 'DUPLICATED_USER', message: 'The user already exists and upsert is false', path: '#/email' }] },
      { user: { email: 'c@example.com', password_hash: '$2b$…' }, errors: [{ code: 'CONFLICT_EMAIL', message: 'm' }] },
    ]);
    expect(placed).toEqual([
      { index: 1001, user: { email: 'b@EXAMPLE.com', user_id: 'legacy-2' }, errors: [{ code: 'DUPLICATED_USER', message: 'The user already exists and upsert is false', path: '#/email' }] },
      { index: 1002, user: { email: 'c@example.com' }, errors: [{ code: 'CONFLICT_EMAIL', message: 'm' }] },
    ]);
  });

  it('falls back to the user_id, and says when the user is not in the chunk', () => {
    const placed = placeChunkErrors(chunk, 0, [
      { user: { user_id: 'auth0|legacy-2' }, errors: [{ code: 'X', message: 'm' }] },
      { user: { email: 'stranger@example.com' }, errors: [{ code: 'Y', message: 'm' }] },
    ]);
    expect(placed.map((p) => p.index)).toEqual([1, null]);
  });
});
