/**
 * `${VAR}` and `${VAR:-default}` interpolation over every string (values and keys) of a parsed
 * configuration document, so that one file serves several environments. `$${` escapes a literal `${`.
 * A value that is exactly one placeholder and resolves to a number or true/false becomes that number
 * or boolean, so numeric and boolean settings can come from the environment too.
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

const WHOLE_PLACEHOLDER = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

function typed(original: string, value: string): unknown {
  if (!WHOLE_PLACEHOLDER.test(original)) return value;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

export function interpolate(
  node: unknown,
  env: NodeJS.ProcessEnv,
  problems: InterpolationProblem[],
  path = '',
): unknown {
  if (typeof node === 'string') return typed(node, interpolateString(node, env, path || '(root)', problems));
  if (Array.isArray(node)) return node.map((item, i) => interpolate(item, env, problems, `${path}[${i}]`));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([rawKey, v]) => {
        const key = interpolateString(rawKey, env, path ? `${path}.${rawKey}` : rawKey, problems);
        return [key, interpolate(v, env, problems, path ? `${path}.${key}` : key)];
      }),
    );
  }
  return node;
}
