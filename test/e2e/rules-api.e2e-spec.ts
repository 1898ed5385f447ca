import { createTestApp, expectErrorBody, TestApp } from '../utils/test-app';

const ALLOW = 'function (user, context, callback) {\n  callback(null, user, context);\n}';
const ADD_ROLE = "function addRole(user, context, callback) {\n  context.idToken['https://example.com/roles'] = ['admin'];\n  callback(null, user, context);\n}";

describe('rules API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>) => t.admin({ method: 'POST', url: '/rules', payload: body });

  it('creates, lists, changes and deletes definitions; every change is a version and can be rolled back', async () => {
    const created = await create({ name: 'allow-all', script: ALLOW });
    expect(created.statusCode).toBe(201);
    const rule = created.json();
    expect(rule).toEqual(expect.objectContaining({ name: 'allow-all', kind: 'rule', order: 1, enabled: true, stage: 'login_success', version: 1 }));

    const action = await create({ name: 'tag', kind: 'action', script: "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('https://example.com/tag', 1); };" });
    expect(action.json()).toEqual(expect.objectContaining({ kind: 'action', order: 2 }));

    const patched = await t.admin({ method: 'PATCH', url: `/rules/${rule.id}`, payload: { script: ADD_ROLE, enabled: false } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toEqual(expect.objectContaining({ version: 2, enabled: false, script: ADD_ROLE }));

    const versions = (await t.admin({ method: 'GET', url: `/rules/${rule.id}/versions` })).json();
    expect(versions.map((v: { version: number; script: string }) => [v.version, v.script])).toEqual([
      [2, ADD_ROLE],
      [1, ALLOW],
    ]);

    const rolledBack = await t.admin({ method: 'POST', url: `/rules/${rule.id}/rollback`, payload: { version: 1 } });
    expect(rolledBack.json()).toEqual(expect.objectContaining({ version: 3, script: ALLOW, enabled: true }));
    expectErrorBody(await t.admin({ method: 'POST', url: `/rules/${rule.id}/rollback`, payload: { version: 9 } }), 404, 'rule_version_not_found');

    const listed = (await t.admin({ method: 'GET', url: '/rules' })).json();
    expect(listed.map((r: { name: string }) => r.name)).toEqual(['allow-all', 'tag']);

    expect((await t.admin({ method: 'DELETE', url: `/rules/${action.json().id}` })).statusCode).toBe(204);
    expectErrorBody(await t.admin({ method: 'GET', url: `/rules/${action.json().id}` }), 404, 'rule_not_found');
  });

  it('rejects a script that does not parse with the line and column of the problem, and writes nothing', async () => {
    const res = await create({ name: 'broken', script: 'function (user, context, callback) {\n  var x = ;\n  callback(null, user, context);\n}' });
    const body = expectErrorBody(res, 400, 'script_syntax_error');
    expect(body.message).toMatch(/line 2, column 11/);
    expect(body.details).toEqual([expect.objectContaining({ path: 'script', line: 2, column: 11 })]);
    const notAFunction = await create({ name: 'broken', script: 'callback(null, user, context)' });
    expectErrorBody(notAFunction, 400, 'script_syntax_error');
    const noExport = await create({ name: 'broken', kind: 'action', script: 'module.exports = {}' });
    expect(expectErrorBody(noExport, 400, 'script_syntax_error').message).toMatch(/onExecutePostLogin/);
    expect((await t.admin({ method: 'GET', url: '/rules' })).json().map((r: { name: string }) => r.name)).not.toContain('broken');
  });

  it('keeps names and orders unique', async () => {
    const a = (await create({ name: 'unique-a', script: ALLOW, order: 50 })).json();
    expectErrorBody(await create({ name: 'unique-a', script: ALLOW }), 409, 'rule_name_taken');
    expectErrorBody(await create({ name: 'unique-b', script: ALLOW, order: 50 }), 409, 'rule_order_taken');
    const b = (await create({ name: 'unique-b', script: ALLOW, order: 51 })).json();
    expectErrorBody(await t.admin({ method: 'PATCH', url: `/rules/${b.id}`, payload: { order: 50 } }), 409, 'rule_order_taken');

    const swapped = await t.admin({ method: 'POST', url: '/rules/reorder', payload: { rules: [{ id: a.id, order: 51 }, { id: b.id, order: 50 }] } });
    expect(swapped.statusCode).toBe(200);
    const byName = Object.fromEntries(swapped.json().map((r: { name: string; order: number }) => [r.name, r.order]));
    expect(byName).toEqual(expect.objectContaining({ 'unique-a': 51, 'unique-b': 50 }));
    expectErrorBody(await t.admin({ method: 'POST', url: '/rules/reorder', payload: { rules: [{ id: a.id, order: 1 }] } }), 409, 'rule_order_taken');
    expectErrorBody(await t.admin({ method: 'POST', url: '/rules/reorder', payload: { rules: [{ id: a.id, order: 60 }, { id: b.id, order: 60 }] } }), 400, 'rule_order_duplicate');
    expect((await t.admin({ method: 'GET', url: `/rules/${a.id}` })).json().order).toBe(51);
  });

  it('validates bodies and ids', async () => {
    expectErrorBody(await create({ name: 'x', script: ALLOW, kind: 'hook' }), 400, 'validation_failed');
    expectErrorBody(await create({ name: '../etc', script: ALLOW }), 400, 'validation_failed');
    expectErrorBody(await t.admin({ method: 'GET', url: '/rules/not-a-uuid' }), 400);
    expectErrorBody(await t.inject({ method: 'GET', url: '/rules' }), 401);
  });
});
