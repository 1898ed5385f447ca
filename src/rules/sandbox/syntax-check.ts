import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { newQuickJSModule } from './quickjs-module';
import type { DefinitionKind } from './sandbox.types';
import { scriptLocation, wrapScript } from './script-wrapper';

export interface SyntaxProblem {
  message: string;
  line?: number;
  column?: number;
}

let quickjs: Promise<QuickJSWASMModule> | null = null;

/**
 * Parses a definition without running it (QuickJS, compile only, in this process). Returns the
 * first syntax error with its position in the script, or null. Actions must assign
 * `exports.onExecutePostLogin`; that is checked on the text since running it here is not an option.
 */
export async function checkSyntax(kind: DefinitionKind, name: string, script: string): Promise<SyntaxProblem | null> {
  quickjs ??= newQuickJSModule(64 * 1024 * 1024).then((m) => m.module);
  const runtime = (await quickjs).newRuntime({ memoryLimitBytes: 32 * 1024 * 1024, maxStackSizeBytes: 256 * 1024 });
  const deadline = Date.now() + 2000;
  runtime.setInterruptHandler(() => Date.now() > deadline);
  const vm = runtime.newContext();
  const filename = `${kind === 'rule' ? 'rules' : 'actions'}/${name}.js`;
  try {
    const result = vm.evalCode(wrapScript(kind, script).code, filename, { type: 'global', compileOnly: true });
    if (result.error) {
      const error = result.error.consume((h) => vm.dump(h)) as { name?: string; message?: string; stack?: string };
      return { message: `${error.name ?? 'SyntaxError'}: ${error.message ?? 'invalid script'}`, ...scriptLocation(String(error.stack ?? ''), filename, kind) };
    }
    result.value.dispose();
  } finally {
    vm.dispose();
    runtime.dispose();
  }
  if (kind === 'rule' && !/^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/|\s)*(async\s+)?function\b/.test(script)) {
    return { message: 'a rule must be a function (user, context, callback) { … }', line: 1, column: 1 };
  }
  if (kind === 'action' && !/\bonExecutePostLogin\b/.test(script)) {
    return { message: 'an action must export onExecutePostLogin: exports.onExecutePostLogin = async (event, api) => { … }', line: 1, column: 1 };
  }
  return null;
}
