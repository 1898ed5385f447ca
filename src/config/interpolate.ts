/**
 * `${VAR}` and `${VAR:-default}` interpolation over every string of a parsed configuration document,
 * so that one file serves several environments. `$${` escapes a literal `${`.
 * Unset variables without a default are reported (with the path where they were used) rather than
 * silently becoming empty strings.
 */
export interface InterpolationProblem {
  path: string;
  message: string;
}

const PATTERN = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolateString(
  value: string,
  env: NodeJS.ProcessEnv,
  path: string,
  problems: InterpolationProblem[],
): string {
  return value.replace(PATTERN, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    const current = env[name as string];
    if (current !== undefined && current !== '') return current;
    if (fallback !== undefined) return fallback;
    problems.push({ path, message: `environment variable ${name} is not set` });
    return '';
  });
}

export function interpolate(
  node: unknown,
  env: NodeJS.ProcessEnv,
  problems: InterpolationProblem[],
  path = '',
): unknown {
  if (typeof node === 'string') return interpolateString(node, env, path || '(root)', problems);
  if (Array.isArray(node)) return node.map((item, i) => interpolate(item, env, problems, `${path}[${i}]`));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, interpolate(v, env, problems, path ? `${path}.${k}` : k)]),
    );
  }
  return node;
}
