import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../utils/cli';
import { createTestApp, expectErrorBody, TestApp } from '../utils/test-app';

const WHITELIST = `function whitelistForSpecificApp(user, context, callback) {
  if (context.clientName !== 'NameOfTheAppWithWhiteList') return callback(null, user, context);
  const whitelist = ['user1@example.com', 'user2@example.com'];
  const userHasAccess = whitelist.some(function (email) { return email === user.email; });
  if (!userHasAccess) return callback(new UnauthorizedError('Access denied.'));
  callback(null, user, context);
}`;
const ROLES = `function (user, context, callback) {
  context.idToken['https://example.com/roles'] = (user.app_metadata || {}).roles || [];
  callback(null, user, context);
}`;
const ACTION = `exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('https://example.com/plan', event.secrets.PLAN.toUpperCase());
};`;

function layout(): Record<string, string> {
  return {
    'rules/whitelist-for-app.js': WHITELIST,
    'rules/whitelist-for-app.json': JSON.stringify({ name: 'whitelist-for-app', script: './whitelist-for-app.js', stage: 'login_success', enabled: true, order: 1 }),
    'rules/add-roles.js': ROLES,
    'rules/add-roles.json': JSON.stringify({ enabled: false, order: 2, stage: 'login_success' }),
    'rules-configs/SLACK_HOOK_URL.json': JSON.stringify({ key: 'SLACK_HOOK_URL', value: 'https://hooks.slack.com/services/T000/B000/XXXX' }),
    'actions/plan-claim/code.js': ACTION,
    'actions/plan-claim.json': JSON.stringify({ name: 'plan-claim', code: './actions/plan-claim/code.js', secrets: [{ name: 'PLAN', value: 'gold' }], supported_triggers: [{ id: 'post-login', version: 'v3' }] }),
    'README.md': 'ignored',
  };
}

function writeLayout(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'agw-deploy-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe("rules import from Auth0's deploy directory layout", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const names = async () => (await t.admin({ method: 'GET', url: '/rules' })).json().map((r: { name: string; kind: string; order: number; enabled: boolean }) => [r.name, r.kind, r.order, r.enabled]);

  it('imports rules, their settings, configuration values and actions with their own secrets; importing again changes nothing', async () => {
    const res = await t.admin({ method: 'POST', url: '/rules/import', payload: { files: layout() } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: ['whitelist-for-app', 'add-roles', 'plan-claim'], updated: [], unchanged: [], secrets: ['SLACK_HOOK_URL', 'PLAN'] });
    expect(await names()).toEqual([
      ['whitelist-for-app', 'rule', 1, true],
      ['add-roles', 'rule', 2, false],
      ['plan-claim', 'action', 3, true],
    ]);
    const secrets = (await t.admin({ method: 'GET', url: '/rules/secrets' })).json();
    const plan = (await t.admin({ method: 'GET', url: '/rules' })).json().find((r: { name: string }) => r.name === 'plan-claim');
    expect(secrets).toEqual([expect.objectContaining({ name: 'PLAN', ruleIds: [plan.id] }), expect.objectContaining({ name: 'SLACK_HOOK_URL', ruleIds: [] })]);
    const tried = (await t.admin({ method: 'POST', url: `/rules/${plan.id}/try`, payload: { user: { user_id: 'auth0|1' } } })).json();
    expect(tried.idTokenClaims).toEqual({ 'https://example.com/plan': 'GOLD' });

    const again = await t.admin({ method: 'POST', url: '/rules/import', payload: { files: layout() } });
    expect(again.json()).toEqual(expect.objectContaining({ created: [], updated: [], unchanged: ['whitelist-for-app', 'add-roles', 'plan-claim'] }));
  });

  it('rejects a layout with problems, listing each with its file (and line for syntax errors), and writes nothing', async () => {
    const before = await names();
    const files = { ...layout(), 'rules/add-roles.js': 'function (user, context, callback) {\n  callback(null, user, context;\n}', 'rules/orphan.json': '{"enabled": true}', 'rules-configs/BAD.json': '{"key": "BAD"}' };
    const res = await t.admin({ method: 'POST', url: '/rules/import', payload: { files } });
    const body = expectErrorBody(res, 400, 'invalid_deploy_layout');
    expect(body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'rules/add-roles.js', line: 2 }),
        expect.objectContaining({ path: 'rules/orphan.json', message: expect.stringContaining('rules/orphan.js is missing') }),
        expect.objectContaining({ path: 'rules-configs/BAD.json.value' }),
      ]),
    );
    expect(await names()).toEqual(before);
    expectErrorBody(await t.admin({ method: 'POST', url: '/rules/import', payload: { files: { 'notes.txt': 'x' } } }), 400, 'invalid_deploy_layout');
  });

  it('rules:deploy DIR imports a directory and reports what changed; a broken directory is refused', async () => {
    const files = layout();
    files['rules/add-roles.json'] = JSON.stringify({ enabled: true, order: 2 });
    files['rules/new-rule.js'] = 'function (user, context, callback) { callback(null, user, context); }';
    const dir = writeLayout(files);
    try {
      const result = await runCli(['rules:deploy', dir], { databaseUrl: t.database.url });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('created: new-rule');
      expect(result.stdout).toContain('updated: add-roles');
      expect(result.stdout).toContain('unchanged: whitelist-for-app, plan-claim');
      expect(await names()).toEqual([
        ['whitelist-for-app', 'rule', 1, true],
        ['add-roles', 'rule', 2, true],
        ['plan-claim', 'action', 3, true],
        ['new-rule', 'rule', 4, true],
      ]);

      writeFileSync(join(dir, 'rules', 'new-rule.js'), 'function (user, context, callback) {\n  return callback(null, user context);\n}');
      const broken = await runCli(['rules:deploy', dir], { databaseUrl: t.database.url });
      expect(broken.status).toBe(1);
      expect(broken.stderr).toMatch(/nothing was imported; 1 problem\(s\):\n {2}rules\/new-rule\.js:2:\d+: SyntaxError/);

      const notLayout = await runCli(['rules:deploy', tmpdir()], { databaseUrl: t.database.url });
      expect(notLayout.status).toBe(1);
      expect(notLayout.stderr).toMatch(/not an Auth0 deploy directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
