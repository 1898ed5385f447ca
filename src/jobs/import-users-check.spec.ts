import { checkImportUsers } from './import-users-check';

describe('checkImportUsers', () => {
  it('accepts valid users', () => {
    expect(checkImportUsers([{ email: 'a@example.com' }, { email: 'b@example.com', username: 'b', user_id: 'x1' }])).toEqual([]);
  });

  it('reports every schema violation with the index and path of the user', () => {
    expect(
      checkImportUsers([
        { email: 'ok@example.com' },
        { email: 'not-an-email' },
        {},
        { email: 'c@example.com', custom_password_hash: { algorithm: 'sha1', hash: { value: 'x' }, salt: { value: 's', position: 'middle' } } },
        { email: 'd@example.com', mfa_factors: [{ sms: {} }] },
        42,
      ]).map((v) => [v.index, v.path, v.code]),
    ).toEqual([
      [1, 'users[1].email', 'FORMAT'],
      [2, 'users[2].email', 'OBJECT_MISSING_REQUIRED_PROPERTY'],
      [3, 'users[3].custom_password_hash.salt.position', 'ENUM_MISMATCH'],
      [4, 'users[4].mfa_factors[0]', 'ONE_OF_MISSING'],
      [5, 'users[5]', 'INVALID_TYPE'],
    ]);
  });

  it('reports users repeated anywhere in the input, naming the first one', () => {
    const violations = checkImportUsers([
      { email: 'a@example.com', username: 'ann', user_id: 'id-1' },
      { email: 'b@example.com' },
      { email: 'A@Example.com' },
      { email: 'c@example.com', username: 'ANN' },
      { email: 'd@example.com', user_id: 'id-1' },
      { email: 'e@example.com', user_id: 'ID-1' },
    ]);
    expect(violations).toEqual([
      { index: 2, path: 'users[2].email', code: 'DUPLICATED_USER', message: 'The email is also the email of users[0]' },
      { index: 3, path: 'users[3].username', code: 'CONFLICT_USERNAME', message: 'The username is also the username of users[0]' },
      { index: 4, path: 'users[4].user_id', code: 'DUPLICATED_USER', message: 'The user_id is also the user_id of users[0]' },
    ]);
  });

  it('does not count an invalid user as the first of a duplicate', () => {
    expect(checkImportUsers([{ email: 'a@example.com', blocked: 'yes' }, { email: 'a@example.com' }]).map((v) => v.index)).toEqual([0]);
  });
});
