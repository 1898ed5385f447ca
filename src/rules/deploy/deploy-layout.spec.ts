import { assignOrders, parseDeployLayout } from './deploy-layout';

const RULE = 'function (user, context, callback) { callback(null, user, context); }';
const ACTION = 'exports.onExecutePostLogin = async () => {};';

describe('parseDeployLayout', () => {
  it('reads rules with their JSON settings, rule configs, and actions in both layouts', () => {
    const layout = parseDeployLayout({
      'rules/b.js': RULE,
      'rules/b.json': '{"enabled": false, "order": 7, "stage": "login_success"}',
      'rules/renamed.json': '{"name": "Display Name", "script": "./a.js", "order": 3}',
      'rules/a.js': RULE,
      'rules/plain.js': RULE,
      'rules-configs/API_KEY.json': '{"key": "API_KEY", "value": "v"}',
      'actions/one.js': ACTION,
      'actions/two/code.js': ACTION,
      'actions/two.json': '{"name": "two", "code": "./actions/two/code.js", "secrets": [{"name": "TOKEN", "value": "t"}]}',
      'triggers/triggers.json': '{"post-login": [{"action_name": "two"}, {"action_name": "one"}]}',
      'README.md': 'ignored',
    });
    expect(layout.problems).toEqual([]);
    expect(layout.definitions.map((d) => [d.name, d.kind, d.file, d.order, d.enabled])).toEqual([
      ['b', 'rule', 'rules/b.js', 7, false],
      ['Display Name', 'rule', 'rules/a.js', 3, undefined],
      ['plain', 'rule', 'rules/plain.js', undefined, undefined],
      ['two', 'action', 'actions/two/code.js', undefined, undefined],
      ['one', 'action', 'actions/one.js', undefined, undefined],
    ]);
    expect(layout.secrets).toEqual([
      { name: 'API_KEY', value: 'v' },
      { name: 'TOKEN', value: 't', definition: 'two' },
    ]);
  });

  it('lists every problem with the file it is in', () => {
    const layout = parseDeployLayout({
      'rules/x.json': '{"order": -1, "enabled": "yes", "stage": "pre_user_registration"}',
      'rules/x.js': RULE,
      'rules/missing.json': '{}',
      'rules/bad.json': '{not json',
      'rules-configs/K.json': '{"key": "K", "value": 1}',
      'actions/a.json': '{"secrets": [{"name": "S"}]}',
      'actions/a.js': ACTION,
    });
    expect(layout.problems.map((p) => p.path)).toEqual([
      'rules/bad.json',
      'rules/bad.json',
      'rules/missing.json',
      'rules/x.json.order',
      'rules/x.json.enabled',
      'rules/x.json.stage',
      'rules-configs/K.json.value',
      'actions/a.json.secrets[0]',
    ]);
  });

  it('refuses file contents that are not strings', () => {
    expect(parseDeployLayout({ 'rules/a.js': 42 as unknown as string, 'rules/b.js': RULE }).problems).toEqual([{ path: 'rules/a.js', message: 'must be the content of the file, as a string' }]);
  });

  it('refuses a layout without any rule, action or configuration', () => {
    expect(parseDeployLayout({ 'notes.txt': '' }).problems).toEqual([{ path: 'files', message: expect.stringContaining('no rules/*.js') }]);
  });

  it('refuses the same name twice and names that are not valid', () => {
    const layout = parseDeployLayout({ 'rules/dup.js': RULE, 'actions/dup.js': ACTION, 'rules/-bad.js': RULE });
    expect(layout.problems.map((p) => p.message)).toEqual([expect.stringContaining('"-bad" is not a valid name'), expect.stringContaining('"dup" appears twice')]);
  });
});

describe('assignOrders', () => {
  it('keeps explicit orders and puts the rest after the highest one in use', () => {
    const definitions = [
      { name: 'a', kind: 'rule' as const, script: '', file: 'rules/a.js', order: 5 },
      { name: 'b', kind: 'rule' as const, script: '', file: 'rules/b.js' },
      { name: 'c', kind: 'action' as const, script: '', file: 'actions/c.js' },
    ];
    const { orders, problems } = assignOrders(definitions, new Map([[9, 'other']]));
    expect(problems).toEqual([]);
    expect([...orders]).toEqual([
      ['a', 5],
      ['b', 10],
      ['c', 11],
    ]);
  });

  it('reports two definitions given the same order', () => {
    const { problems } = assignOrders(
      [
        { name: 'a', kind: 'rule', script: '', file: 'rules/a.js', order: 1 },
        { name: 'b', kind: 'rule', script: '', file: 'rules/b.js', order: 1 },
      ],
      new Map(),
    );
    expect(problems).toEqual([{ path: 'rules/b.js', message: 'order 1 is also given to "a"' }]);
  });
});
