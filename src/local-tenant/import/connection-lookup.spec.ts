import { connectionId, findConnectionById } from './connection-lookup';

describe('connection ids', () => {
  it('uses the configured id, otherwise derives a stable con_ id from the name', () => {
    expect(connectionId({ name: 'db', id: 'con_AAAAAAAAAAAAAAAA' })).toBe('con_AAAAAAAAAAAAAAAA');
    const derived = connectionId({ name: 'Username-Password-Authentication' });
    expect(derived).toMatch(/^con_[A-Za-z0-9]{16}$/);
    expect(connectionId({ name: 'Username-Password-Authentication' })).toBe(derived);
    expect(connectionId({ name: 'other' })).not.toBe(derived);
  });

  it('finds a connection by its configured or derived id', () => {
    const connections = [{ name: 'a', id: 'con_AAAAAAAAAAAAAAAA' }, { name: 'b' }];
    expect(findConnectionById(connections, 'con_AAAAAAAAAAAAAAAA')?.name).toBe('a');
    expect(findConnectionById(connections, connectionId({ name: 'b' }))?.name).toBe('b');
    expect(findConnectionById(connections, 'con_BBBBBBBBBBBBBBBB')).toBeUndefined();
  });
});
