import { createTestApp, expectErrorBody, TestApp } from '../utils/test-app';

describe('admin API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('rejects a missing key with 401 and the error body', async () => {
    const res = await t.inject({ method: 'GET', url: '/admin/api-keys' });
    expectErrorBody(res, 401, 'missing_api_key');
  });

  it('rejects an unknown key with 401', async () => {
    const res = await t.inject({ method: 'GET', url: '/admin/api-keys', headers: { 'x-api-key': 'agw_nope' } });
    expectErrorBody(res, 401, 'invalid_api_key');
  });

  it('creates a key shown once, stores only its hash, and lists it without the key', async () => {
    const created = await t.admin({ method: 'POST', url: '/admin/api-keys', payload: { name: 'reporting', scopes: ['events:read'] } });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.key).toMatch(/^agw_[A-Za-z0-9_-]{43}$/);
    expect(body.scopes).toEqual(['events:read']);

    const row = await t.prisma.adminApiKey.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(body.key);

    const list = await t.admin({ method: 'GET', url: '/admin/api-keys' });
    expect(list.statusCode).toBe(200);
    const listed = list.json().find((k: { id: string }) => k.id === body.id);
    expect(listed).toMatchObject({ name: 'reporting', prefix: body.key.slice(0, 10), revokedAt: null });
    expect(listed.key).toBeUndefined();
    expect(list.body).not.toContain(body.key);
  });

  it('answers 403 insufficient_scope when the key lacks the scope, and 401 once revoked', async () => {
    const created = (await t.admin({ method: 'POST', url: '/admin/api-keys', payload: { name: 'reader', scopes: ['users:read'] } })).json();
    const asReader = { authorization: `Bearer ${created.key}` };
    expectErrorBody(await t.inject({ method: 'GET', url: '/admin/api-keys', headers: asReader }), 403, 'insufficient_scope');

    expect((await t.admin({ method: 'DELETE', url: `/admin/api-keys/${created.id}` })).statusCode).toBe(204);
    expectErrorBody(await t.inject({ method: 'GET', url: '/admin/api-keys', headers: asReader }), 401, 'invalid_api_key');
    const row = await t.prisma.adminApiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.revokedAt).toBeInstanceOf(Date);
  });

  it('validates the body and lists every problem', async () => {
    const res = await t.admin({ method: 'POST', url: '/admin/api-keys', payload: { name: '', scopes: ['nope'], extra: 1 } });
    const body = expectErrorBody(res, 400, 'validation_failed');
    const paths = (body.details as Array<{ path: string }>).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'scopes', 'extra']));
  });

  it('answers 409 for a duplicate name and 404 for an unknown id', async () => {
    await t.admin({ method: 'POST', url: '/admin/api-keys', payload: { name: 'dup', scopes: ['admin'] } });
    expectErrorBody(await t.admin({ method: 'POST', url: '/admin/api-keys', payload: { name: 'dup', scopes: ['admin'] } }), 409, 'conflict');
    expectErrorBody(await t.admin({ method: 'DELETE', url: '/admin/api-keys/00000000-0000-4000-8000-000000000000' }), 404, 'api_key_not_found');
    expectErrorBody(await t.admin({ method: 'DELETE', url: '/admin/api-keys/not-a-uuid' }), 400);
  });

  it('echoes a well-formed x-request-id and replaces a malformed one', async () => {
    const echoed = await t.inject({ method: 'GET', url: '/-/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.inject({ method: 'GET', url: '/-/healthz', headers: { 'x-request-id': 'bad id\u0001' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
