import { posix } from 'node:path';
import type { ErrorDetail } from '../../common/errors/api-error';
import type { DefinitionKind } from '../sandbox/sandbox.types';

export interface DeployedDefinition {
  name: string;
  kind: DefinitionKind;
  script: string;
  /** The file the script came from, for messages. */
  file: string;
  order?: number;
  enabled?: boolean;
  stage?: string;
}

export interface DeployedSecret {
  name: string;
  value: string;
  /** Set for an action's own secrets: only that action sees them. */
  definition?: string;
}

export interface DeployLayout {
  definitions: DeployedDefinition[];
  secrets: DeployedSecret[];
  problems: ErrorDetail[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}$/;

function parseJson(files: Record<string, string>, file: string, problems: ErrorDetail[]): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(files[file]) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    problems.push({ path: file, message: 'must be a JSON object' });
  } catch (error) {
    problems.push({ path: file, message: `is not valid JSON: ${(error as Error).message}` });
  }
  return undefined;
}

function settings(meta: Record<string, unknown> | undefined, file: string, problems: ErrorDetail[]): Pick<DeployedDefinition, 'order' | 'enabled' | 'stage'> {
  if (!meta) return {};
  const out: Pick<DeployedDefinition, 'order' | 'enabled' | 'stage'> = {};
  if (meta.order !== undefined) {
    if (Number.isInteger(meta.order) && (meta.order as number) >= 0) out.order = meta.order as number;
    else problems.push({ path: `${file}.order`, message: 'must be a non-negative integer' });
  }
  if (meta.enabled !== undefined) {
    if (typeof meta.enabled === 'boolean') out.enabled = meta.enabled;
    else problems.push({ path: `${file}.enabled`, message: 'must be true or false' });
  }
  if (meta.stage !== undefined) {
    if (meta.stage === 'login_success') out.stage = meta.stage;
    else problems.push({ path: `${file}.stage`, message: 'only login_success is supported' });
  }
  return out;
}

/** The file a `"script"`/`"code"` reference in a JSON file points at, relative to the layout root. */
function referenced(files: Record<string, string>, jsonFile: string, reference: unknown, fallback: string): string {
  if (typeof reference !== 'string' || !reference) return fallback;
  const candidates = [posix.normalize(posix.join(posix.dirname(jsonFile), reference)), posix.normalize(reference)];
  return candidates.find((c) => c in files) ?? candidates[0];
}

/**
 * Reads Auth0's deploy directory layout (as the Deploy CLI writes it), given as relative path →
 * content: `rules/<name>.js` with `rules/<name>.json` (`enabled`, `order`, `stage`, optional
 * `script`), `rules-configs/<key>.json` (`{key, value}`), and actions as `actions/<name>.js` or
 * `actions/<name>/code.js` with an optional `actions/<name>.json` (`code`, `secrets`, and here also
 * `enabled`, `order`). Actions without an order run after the rules, in the order of
 * `triggers/triggers.json` (`post-login`) and then by name. Other files are ignored.
 */
export function parseDeployLayout(input: Record<string, string>): DeployLayout {
  const files: Record<string, string> = {};
  const problems: ErrorDetail[] = [];
  for (const [path, content] of Object.entries(input)) {
    if (typeof content !== 'string') problems.push({ path, message: 'must be the content of the file, as a string' });
    else files[posix.normalize(path.replace(/\\/g, '/').replace(/^\.\//, ''))] = content;
  }
  const definitions: DeployedDefinition[] = [];
  const secrets: DeployedSecret[] = [];
  const used = new Set<string>();

  const add = (definition: DeployedDefinition) => {
    if (!NAME.test(definition.name)) problems.push({ path: definition.file, message: `"${definition.name}" is not a valid name (letters, digits, space, _ . -)` });
    else if (definitions.some((d) => d.name === definition.name)) problems.push({ path: definition.file, message: `a rule or action named "${definition.name}" appears twice` });
    else definitions.push(definition);
  };

  // Rules
  for (const file of Object.keys(files).filter((f) => /^rules\/[^/]+\.json$/.test(f)).sort()) {
    const meta = parseJson(files, file, problems);
    const base = posix.basename(file, '.json');
    const scriptFile = referenced(files, file, meta?.script, `rules/${base}.js`);
    if (!(scriptFile in files)) {
      problems.push({ path: file, message: `its script ${scriptFile} is missing` });
      continue;
    }
    used.add(scriptFile);
    const name = typeof meta?.name === 'string' && meta.name ? meta.name : base;
    add({ name, kind: 'rule', script: files[scriptFile], file: scriptFile, ...settings(meta, file, problems) });
  }
  for (const file of Object.keys(files).filter((f) => /^rules\/[^/]+\.js$/.test(f) && !used.has(f)).sort()) {
    add({ name: posix.basename(file, '.js'), kind: 'rule', script: files[file], file });
  }

  // Rule configuration values (tenant-wide secrets)
  for (const file of Object.keys(files).filter((f) => /^rules-configs\/[^/]+\.json$/.test(f)).sort()) {
    const meta = parseJson(files, file, problems);
    if (!meta) continue;
    const key = typeof meta.key === 'string' ? meta.key : posix.basename(file, '.json');
    if (typeof meta.value !== 'string') problems.push({ path: `${file}.value`, message: 'must be a string' });
    else secrets.push({ name: key, value: meta.value });
  }

  // Actions
  const actionFiles = new Map<string, string>(); // name → script file
  const actionMeta = new Map<string, { file: string; meta?: Record<string, unknown> }>();
  for (const file of Object.keys(files).filter((f) => /^actions\/[^/]+\.json$/.test(f)).sort()) {
    const meta = parseJson(files, file, problems);
    const base = posix.basename(file, '.json');
    const name = typeof meta?.name === 'string' && meta.name ? meta.name : base;
    const fallback = `actions/${base}/code.js` in files ? `actions/${base}/code.js` : `actions/${base}.js`;
    const scriptFile = referenced(files, file, meta?.code, fallback);
    if (!(scriptFile in files)) {
      problems.push({ path: file, message: `its code ${scriptFile} is missing` });
      continue;
    }
    actionFiles.set(name, scriptFile);
    actionMeta.set(name, { file, meta });
  }
  const taken = new Set(actionFiles.values());
  for (const file of Object.keys(files).filter((f) => /^actions\/([^/]+\.js|[^/]+\/code\.js)$/.test(f) && !taken.has(f)).sort()) {
    const name = file.endsWith('/code.js') ? file.split('/')[1] : posix.basename(file, '.js');
    if (!actionFiles.has(name)) actionFiles.set(name, file);
  }
  let bindings: string[] = [];
  if ('triggers/triggers.json' in files) {
    const triggers = parseJson(files, 'triggers/triggers.json', problems);
    const postLogin = triggers?.['post-login'];
    if (Array.isArray(postLogin)) bindings = postLogin.map((b) => String((b as Record<string, unknown>)?.action_name ?? '')).filter(Boolean);
  }
  const rank = (name: string) => (bindings.includes(name) ? bindings.indexOf(name) : bindings.length);
  const actionNames = [...actionFiles.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const name of actionNames) {
    const scriptFile = actionFiles.get(name) as string;
    const entry = actionMeta.get(name);
    add({ name, kind: 'action', script: files[scriptFile], file: scriptFile, ...settings(entry?.meta, entry?.file ?? scriptFile, problems) });
    const declared = entry?.meta?.secrets;
    if (Array.isArray(declared)) {
      declared.forEach((s, i) => {
        const secret = s as Record<string, unknown>;
        if (typeof secret?.name !== 'string' || typeof secret.value !== 'string') problems.push({ path: `${entry?.file}.secrets[${i}]`, message: 'must be {"name": string, "value": string}' });
        else secrets.push({ name: secret.name, value: secret.value, definition: name });
      });
    }
  }

  if (definitions.length === 0 && secrets.length === 0 && problems.length === 0) {
    problems.push({ path: 'files', message: 'no rules/*.js, actions/*.js or rules-configs/*.json file found' });
  }
  return { definitions, secrets, problems };
}

/**
 * Final orders: explicit ones are kept; the others (rules, then actions, in layout order) take
 * the next free positions after the highest order in use. Returns problems for duplicates.
 */
export function assignOrders(definitions: DeployedDefinition[], occupied: Map<number, string>): { orders: Map<string, number>; problems: ErrorDetail[] } {
  const orders = new Map<string, number>();
  const problems: ErrorDetail[] = [];
  const seen = new Map<number, string>();
  for (const d of definitions) {
    if (d.order === undefined) continue;
    const other = seen.get(d.order);
    if (other) problems.push({ path: d.file, message: `order ${d.order} is also given to "${other}"` });
    seen.set(d.order, d.name);
    orders.set(d.name, d.order);
  }
  let next = Math.max(0, ...occupied.keys(), ...seen.keys()) + 1;
  for (const d of definitions) {
    if (d.order !== undefined) continue;
    orders.set(d.name, next++);
  }
  return { orders, problems };
}
