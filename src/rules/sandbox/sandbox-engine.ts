import { dropNonNamespacedClaims } from './claims';
import { DefinitionSandbox, Invocation } from './definition-sandbox';
import { newQuickJSModule, SandboxModule } from './quickjs-module';
import type { DefinitionRun, MetadataChanges, PipelineRunRequest, PipelineRunResult, SandboxFailure, SandboxHooks, SandboxLimits, SandboxLog } from './sandbox.types';

const MODULE_HEADROOM_BYTES = 64 * 1024 * 1024;

/**
 * Runs whole pipelines inside one QuickJS WebAssembly instance: definitions in order, each in its
 * own cached DefinitionSandbox, the user and context handed from one to the next. When a
 * definition hits the CPU or memory limit the instance is thrown away (every `global` with it) and a
 * fresh one is made for the next run.
 */
export class SandboxEngine {
  private module: SandboxModule | null = null;
  private readonly sandboxes = new Map<string, DefinitionSandbox>();
  /** Times a limit breach made the engine start over (for tests and metrics). */
  recycles = 0;

  constructor(private readonly limits: SandboxLimits) {}

  private async sandboxFor(id: string, definition: PipelineRunRequest['definitions'][number]): Promise<DefinitionSandbox> {
    const cached = this.sandboxes.get(id);
    if (cached && cached.revision === definition.revision) return cached;
    if (cached) this.discard(id, cached);
    // Room for every definition's resting heap plus one definition using its whole allowance.
    this.module ??= await newQuickJSModule(this.limits.memoryBytes + MODULE_HEADROOM_BYTES);
    const sandbox = new DefinitionSandbox(this.module, definition, this.limits);
    this.sandboxes.set(id, sandbox);
    return sandbox;
  }

  private discard(id: string, sandbox: DefinitionSandbox): void {
    this.sandboxes.delete(id);
    try {
      sandbox.dispose();
    } catch {
      // A runtime that broke down cannot always be freed cleanly; the module goes with the next recycle.
    }
  }

  /** Forgets every compiled definition and its `global` (the next run compiles afresh). */
  reset(): void {
    for (const [id, sandbox] of [...this.sandboxes]) this.discard(id, sandbox);
  }

  private recycle(): void {
    this.sandboxes.clear(); // not disposed one by one: the whole WebAssembly instance is dropped
    this.module = null;
    this.recycles++;
  }

  /** Compiled definitions currently held (for tests). */
  get cachedDefinitions(): number {
    return this.sandboxes.size;
  }

  /** `onStep(i)` is told before definition i starts (the pool uses it to name a definition that never returned). */
  async run(request: PipelineRunRequest, hooks: SandboxHooks, onStep?: (index: number) => void): Promise<PipelineRunResult> {
    const deadline = performance.now() + this.limits.budgetMs;
    let user = request.user;
    let context = request.context;
    const metadata: MetadataChanges = { app_metadata: {}, user_metadata: {} };
    const rules: DefinitionRun[] = [];
    const logs: SandboxLog[] = [];
    const warnings: SandboxLog[] = [];
    for (const [index, definition] of request.definitions.entries()) {
      onStep?.(index);
      const started = performance.now();
      let invocation: Invocation;
      if (started >= deadline) {
        invocation = { failure: { kind: 'timeout', name: 'TimeoutError', message: `the pipeline ran out of its ${this.limits.budgetMs} ms budget` }, poisoned: false };
      } else {
        try {
          const sandbox = await this.sandboxFor(definition.id, definition);
          invocation = await sandbox.invoke({ user, context, secrets: definition.secrets, domain: request.domain }, deadline, hooks);
          if (invocation.poisoned || sandbox.broken) this.recycle();
        } catch (error) {
          // The WebAssembly instance itself failed (a trap after memory exhaustion, for one): start over.
          this.recycle();
          invocation = { failure: { kind: 'error', name: 'Error', message: `the sandbox failed: ${(error as Error).message}` }, poisoned: true };
        }
      }
      const durationMs = performance.now() - started;
      const result = invocation.result;
      for (const entry of result?.logs ?? []) logs.push({ rule: definition.name, level: String(entry.level), message: String(entry.message) });
      for (const message of result?.warnings ?? []) warnings.push({ rule: definition.name, level: 'warn', message: String(message) });
      const failure: SandboxFailure | undefined = invocation.failure;
      if (failure) {
        const outcome = failure.kind === 'unauthorized' || failure.kind === 'denied' ? 'deny' : 'error';
        rules.push({ id: definition.id, name: definition.name, outcome, durationMs, error: failure });
        // Actions' metadata changes made before a denial are kept, as with api.access.deny on Auth0.
        if (outcome === 'deny' && result?.metadata) mergeChanges(metadata, result.metadata);
        return { outcome, user, context, metadata, failure: { ...failure, rule: definition.name, ruleId: definition.id }, rules, logs, warnings };
      }
      user = isObject(result?.user) ? (result?.user as Record<string, unknown>) : user;
      context = isObject(result?.context) ? (result?.context as Record<string, unknown>) : context;
      dropNonNamespacedClaims(context, definition.name, warnings);
      if (context.multifactor && !request.context.multifactor) {
        warnings.push({ rule: definition.name, level: 'warn', message: 'context.multifactor is not enforced by the gateway; configure MFA in the identity provider' });
        delete context.multifactor;
      }
      if (result?.metadata) mergeChanges(metadata, result.metadata);
      rules.push({ id: definition.id, name: definition.name, outcome: 'allow', durationMs });
    }
    return { outcome: 'allow', user, context, metadata, rules, logs, warnings };
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeChanges(target: MetadataChanges, changes: MetadataChanges): void {
  for (const field of ['app_metadata', 'user_metadata'] as const) {
    const source = changes[field];
    if (isObject(source)) Object.assign(target[field], source);
  }
}
