import { thrownShape as failure } from '../../../../test/utils/identity-errors';
import { createUserBody, listUsersQuery, updateUserBody } from './management-requests';

describe('Management API request bodies and queries', () => {
  it('accepts the user attributes Auth0 accepts and refuses others, with Auth0 payload messages', () => {
    expect(createUserBody({ connection: 'db', email: 'a@example.com', password: 'x', app_metadata: { plan: 'pro' }, blocked: false })).toEqual({
      connection: 'db',
      email: 'a@example.com',
      password: 'x',
      app_metadata: { plan: 'pro' },
      blocked: false,
    });
    expect(failure(() => createUserBody({ connection: 'db', favourite: 'blue' }))).toEqual({ status: 400, code: 'invalid_body', message: "Payload validation error: 'Additional properties not allowed: favourite'." });
    expect(failure(() => createUserBody({ connection: 'db', email: 42 }))).toEqual({ status: 400, code: 'invalid_body', message: "Payload validation error: 'Expected type string but found type number' on property email." });
    expect(failure(() => createUserBody({ email: 'a@example.com' })).message).toBe("Payload validation error: 'Missing required property: connection'.");
    expect(failure(() => createUserBody({ connection: 'db', app_metadata: ['x'] })).message).toContain('Expected type object but found type array');
  });

  it('lets a PATCH remove metadata with null, and nothing else be null', () => {
    expect(updateUserBody({ user_metadata: null, app_metadata: { a: null } })).toEqual({ user_metadata: null, app_metadata: { a: null } });
    expect(failure(() => updateUserBody({ name: null })).message).toBe("Payload validation error: 'Expected type string but found type null' on property name.");
    expect(failure(() => updateUserBody({ user_id: 'x' })).message).toContain('Additional properties not allowed: user_id');
  });

  it('reads the list query: numbers, booleans, fields, v3 only', () => {
    expect(listUsersQuery({ q: 'email:a*', page: '2', per_page: '10', include_totals: 'true', sort: 'email:1', fields: 'email, user_id', include_fields: 'false', search_engine: 'v3' })).toEqual({
      input: { q: 'email:a*', page: 2, perPage: 10, sort: 'email:1', fields: ['email', 'user_id'], includeFields: false },
      includeTotals: true,
    });
    expect(listUsersQuery({})).toEqual({ input: { includeFields: true }, includeTotals: false });
    expect(failure(() => listUsersQuery({ page: 'two' }))).toMatchObject({ status: 400, code: 'invalid_query_string' });
    expect(failure(() => listUsersQuery({ include_totals: 'yes' }))).toMatchObject({ status: 400, code: 'invalid_query_string' });
    expect(failure(() => listUsersQuery({ search_engine: 'v2' })).message).toContain('Only search_engine v3 is supported');
    expect(failure(() => listUsersQuery({ page: ['1', '2'] })).message).toContain('on property page');
  });
});
