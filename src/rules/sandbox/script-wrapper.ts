import type { DefinitionKind } from './sandbox.types';

// A rule is a function expression; an action is a CommonJS module body. Both wrappers keep the
// script's own line numbers (only columns on the first line move, by the prefix length).
const RULE_PREFIX = '(';
const ACTION_PREFIX = '(function (exports, module, require) {';

/** The code evaluated for a definition: its completion value is the rule function or the action's module factory. */
export function wrapScript(kind: DefinitionKind, script: string): { code: string; prefixLength: number } {
  if (kind === 'rule') {
    // Auth0 accepts a trailing semicolon after the function.
    const body = script.replace(/[\s;]+$/, '');
    return { code: `${RULE_PREFIX}${body}\n)`, prefixLength: RULE_PREFIX.length };
  }
  return { code: `${ACTION_PREFIX}${script}\n})`, prefixLength: ACTION_PREFIX.length };
}

/** Line and column (1-based, in the script as written) of the innermost stack frame in `filename`. */
export function scriptLocation(stack: string, filename: string, kind: DefinitionKind): { line?: number; column?: number } {
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+)(?::(\\d+))?`).exec(stack);
  if (!match) return {};
  const line = Number(match[1]);
  let column = match[2] === undefined ? undefined : Number(match[2]);
  if (column !== undefined && line === 1) column = Math.max(1, column - (kind === 'rule' ? RULE_PREFIX.length : ACTION_PREFIX.length));
  return column === undefined ? { line } : { line, column };
}
