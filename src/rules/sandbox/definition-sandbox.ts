import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QuickJSContext, QuickJSDeferredPromise, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import { parseGuestJson, runSyncOperation } from './host-operations';
import type { LinearMemory, SandboxModule } from './quickjs-module';
import { sandboxHttp } from './sandbox-http';
import type { MetadataChanges, SandboxDefinition, SandboxFailure, SandboxHooks, SandboxLimits } from './sandbox.types';
import { scriptLocation, wrapScript } from './script-wrapper';

// The guest side of the sandbox (see guest/README.md): one function of the two host functions.
const GUEST_FILES = ['core.js', 'node-modules.js', 'http.js', 'require.js', 'rules-api.js', 'actions-api.js', 'compile.js'];
const PRELUDE = `(function (hostSync, hostAsync) {\n'use strict';\n${GUEST_FILES.map((f) => readFileSync(join(__dirname, 'guest', f), 'utf8')).join('\n')}\nreturn sandboxApi();\n})`;
/** Outbound requests of one definition in flight at once (requests outlive invocations). */
const MAX_HTTP_IN_FLIGHT = 20;
/** How many leftover promise jobs of a finished invocation run before the next one starts. */
const DRAIN_JOBS = 1000;

export interface GuestResult {
  status: 'ok' | 'error';
  user?: Record<string, unknown>;
  context?: Record<string, unknown>;
  metadata?: MetadataChanges;
  error?: { kind: string; name: string; message: string; stack: string };
  logs: Array<{ level: string; message: string }>;
  warnings: string[];
}

export interface Invocation {
  result?: GuestResult;
  failure?: SandboxFailure;
  /** The runtime hit a limit mid-execution: its state cannot be trusted any more. */
  poisoned: boolean;
}

interface GuestError {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
}

/**
 * One rule or action, compiled once, in its own QuickJS runtime and context (own heap, own `global`,
 * own memory limit), reused across logins. The per-invocation CPU limit is enforced by the
 * interrupt handler on the time spent executing guest code; the pipeline deadline bounds the wall
 * clock, including time spent waiting for HTTP responses and timers.
 */
export class DefinitionSandbox {
  readonly revision: string;
  readonly compileFailure?: SandboxFailure;
  private readonly runtime: QuickJSRuntime;
  private readonly vm: QuickJSContext;
  private api?: QuickJSHandle;
  private entry?: QuickJSHandle;
  private cpuUsedMs = 0;
  private enteredAt = 0;
  private depth = 0;
  private deadline = Infinity;
  private interruptedBy: 'cpu' | 'deadline' | 'memory' | null = null;
  private readonly memory: LinearMemory;
  private memoryAtStart = 0;
  private readonly pending = new Set<QuickJSDeferredPromise>();
  /** Timers of the current invocation's setTimeout calls, cleared when it ends. */
  private readonly timers = new Set<NodeJS.Timeout>();
  private hooks: SandboxHooks | null = null;
  private httpInFlight = 0;
  private wake: (() => void) | null = null;

  constructor(
    instance: SandboxModule,
    private readonly definition: SandboxDefinition,
    private readonly limits: SandboxLimits,
  ) {
    this.revision = definition.revision;
    this.memory = instance.memory;
    this.runtime = instance.module.newRuntime({ maxStackSizeBytes: limits.stackBytes });
    this.runtime.setInterruptHandler(() => this.shouldInterrupt());
    this.vm = this.runtime.newContext();
    this.compileFailure = this.compile();
    this.runtime.setMemoryLimit(limits.memoryBytes);
  }

  private get filename(): string {
    return `${this.definition.kind === 'rule' ? 'rules' : 'actions'}/${this.definition.name}.js`;
  }

  private shouldInterrupt(): boolean {
    if (this.depth === 0) return false;
    const now = performance.now();
    if (this.cpuUsedMs + (now - this.enteredAt) > this.limits.cpuMs) {
      this.interruptedBy = 'cpu';
      return true;
    }
    if (now > this.deadline) {
      this.interruptedBy = 'deadline';
      return true;
    }
    // Linear memory grown by more than the allowance during this invocation: strings and typed
    // arrays that QuickJS's own limit does not add up.
    if (this.memory.buffer.byteLength - this.memoryAtStart > this.limits.memoryBytes) {
      this.interruptedBy = 'memory';
      return true;
    }
    return false;
  }

  /** Runs guest code, accounting its time to the invocation's CPU budget. */
  private inVm<T>(fn: () => T): T {
    if (this.depth++ === 0) this.enteredAt = performance.now();
    try {
      return fn();
    } finally {
      if (--this.depth === 0) this.cpuUsedMs += performance.now() - this.enteredAt;
    }
  }

  private compile(): SandboxFailure | undefined {
    const vm = this.vm;
    const hostSync = vm.newFunction('hostSync', (op, json) => vm.newString(runSyncOperation(vm.getString(op), vm.getString(json))));
    const hostAsync = vm.newFunction('hostAsync', (op, json) => this.startAsync(vm.getString(op), vm.getString(json)));
    this.cpuUsedMs = 0;
    this.deadline = performance.now() + this.limits.cpuMs;
    this.memoryAtStart = this.memory.buffer.byteLength;
    try {
      const prelude = vm.unwrapResult(vm.evalCode(PRELUDE, 'sandbox:prelude', { type: 'global' }));
      this.api = prelude.consume((fn) => vm.unwrapResult(vm.callFunction(fn, vm.undefined, hostSync, hostAsync)));
    } finally {
      hostSync.dispose();
      hostAsync.dispose();
    }
    const wrapped = wrapScript(this.definition.kind, this.definition.script);
    const compiled = this.inVm(() => vm.evalCode(wrapped.code, this.filename, { type: 'global' }));
    if (compiled.error) return this.failureFrom(compiled.error, 'error');
    const loader = this.definition.kind === 'rule' ? 'checkRule' : 'loadAction';
    const loaded = compiled.value.consume((value) => this.inVm(() => vm.callMethod(this.api as QuickJSHandle, loader, [value])));
    if (loaded.error) return this.failureFrom(loaded.error, 'error');
    this.entry = loaded.value;
    return undefined;
  }

  private startAsync(op: string, json: string): QuickJSHandle {
    const deferred = this.vm.newPromise();
    this.pending.add(deferred);
    this.performAsync(op, json).then(
      (answer) => this.settle(deferred, answer, true),
      (error: unknown) => this.settle(deferred, error instanceof Error ? error.message : String(error), false),
    );
    return deferred.handle;
  }

  private async performAsync(op: string, json: string): Promise<string> {
    const payload = parseGuestJson<Record<string, unknown>>(json);
    // A request outlives the invocation that made it (fire-and-forget notifications, as on
    // Auth0), bounded by the HTTP timeout; its answer then goes nowhere.
    if (op === 'http') {
      if (this.httpInFlight >= MAX_HTTP_IN_FLIGHT) return JSON.stringify({ code: 'ETOOMANYREQUESTS', error: `more than ${MAX_HTTP_IN_FLIGHT} requests in flight` });
      this.httpInFlight++;
      try {
        return JSON.stringify(await sandboxHttp(payload as never, this.limits.http));
      } finally {
        this.httpInFlight--;
      }
    }
    if (op === 'sleep') {
      const ms = Math.max(0, Math.min(Number(payload.ms) || 0, 2 ** 31 - 1));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, ms);
        this.timers.add(timer);
      });
      return 'null';
    }
    if (op === 'updateMetadata') {
      if (!this.hooks) throw new Error('metadata writes are not available here');
      try {
        const metadata = await this.hooks.updateMetadata({
          userId: String(payload.userId),
          field: payload.field === 'user_metadata' ? 'user_metadata' : 'app_metadata',
          metadata: (payload.metadata ?? {}) as Record<string, unknown>,
        });
        return JSON.stringify({ metadata });
      } catch (error) {
        return JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
      }
    }
    throw new Error(`unknown host operation ${op}`);
  }

  private settle(deferred: QuickJSDeferredPromise, text: string, ok: boolean): void {
    if (!this.pending.delete(deferred)) return; // the invocation is over
    try {
      this.inVm(() => {
        const value = ok ? this.vm.newString(text) : this.vm.newError(text);
        try {
          if (ok) deferred.resolve(value);
          else deferred.reject(value);
        } finally {
          value.dispose();
        }
      });
    } catch {
      deferred.dispose();
    }
    this.wake?.();
  }

  private failureFrom(handle: QuickJSHandle, kind: SandboxFailure['kind']): SandboxFailure {
    const error = handle.consume((h) => this.vm.dump(h)) as GuestError;
    return this.describe(error, kind);
  }

  private describe(error: GuestError | undefined, kind: SandboxFailure['kind']): SandboxFailure {
    if (this.interruptedBy === 'cpu') return { kind: 'cpu_limit', name: 'TimeoutError', message: `CPU limit of ${this.limits.cpuMs} ms exceeded` };
    if (this.interruptedBy === 'deadline') return { kind: 'timeout', name: 'TimeoutError', message: `the pipeline ran out of its ${this.limits.budgetMs} ms budget` };
    if (this.interruptedBy === 'memory') return this.memoryFailure();
    const name = typeof error?.name === 'string' ? error.name : 'Error';
    const message = typeof error?.message === 'string' ? error.message : String(error);
    if (name === 'InternalError' && /out of memory/i.test(message)) return this.memoryFailure();
    const location = scriptLocation(typeof error?.stack === 'string' ? error.stack : '', this.filename, this.definition.kind);
    return { kind, name, message, ...location };
  }

  private memoryFailure(): SandboxFailure {
    return { kind: 'memory_limit', name: 'RangeError', message: `memory limit of ${Math.round(this.limits.memoryBytes / 1048576)} MB exceeded` };
  }

  private waitForWake(deadline: number): Promise<'woken' | 'deadline'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('deadline'), Math.max(0, deadline - performance.now()));
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve('woken');
      };
    });
  }

  /** Runs the definition once on the given Rules-shaped input (JSON). Never throws for guest behaviour. */
  async invoke(input: Record<string, unknown>, deadline: number, hooks: SandboxHooks): Promise<Invocation> {
    if (this.compileFailure || !this.entry || !this.api) return { failure: this.compileFailure, poisoned: false };
    this.cpuUsedMs = 0;
    this.deadline = deadline;
    this.interruptedBy = null;
    this.memoryAtStart = this.memory.buffer.byteLength;
    this.hooks = hooks;
    const vm = this.vm;
    const method = this.definition.kind === 'rule' ? 'invokeRule' : 'invokeAction';
    const call = this.inVm(() => vm.newString(JSON.stringify(input)).consume((json) => vm.callMethod(this.api as QuickJSHandle, method, [this.entry as QuickJSHandle, json])));
    if (call.error) {
      const failure = this.failureFrom(call.error, 'error');
      return { failure, poisoned: this.interruptedBy !== null || failure.kind === 'memory_limit' };
    }
    const promise = call.value;
    try {
      for (;;) {
        const pumped = this.inVm(() => this.runtime.executePendingJobs(-1));
        if (pumped.error) {
          const failure = this.failureFrom(pumped.error, 'error');
          return { failure, poisoned: true };
        }
        pumped.dispose();
        const state = vm.getPromiseState(promise);
        if (state.type === 'fulfilled') return this.readResult(state.value);
        if (state.type === 'rejected') {
          const failure = this.failureFrom(state.error, 'error');
          return { failure, poisoned: this.interruptedBy !== null || failure.kind === 'memory_limit' };
        }
        if (this.pending.size === 0) {
          const what = this.definition.kind === 'rule' ? 'the rule finished without calling callback' : 'the action never settled';
          return { failure: { kind: 'error', name: 'Error', message: `${what}, and waits for nothing` }, poisoned: false };
        }
        if ((await this.waitForWake(deadline)) === 'deadline') {
          return { failure: { kind: 'timeout', name: 'TimeoutError', message: `the pipeline ran out of its ${this.limits.budgetMs} ms budget` }, poisoned: false };
        }
      }
    } finally {
      promise.dispose();
      this.endInvocation();
    }
  }

  private readResult(value: QuickJSHandle): Invocation {
    return value.consume((handle) => {
      const length = this.vm.getProp(handle, 'length').consume((h) => this.vm.getNumber(h));
      if (length > this.limits.maxResultBytes) {
        return { failure: { kind: 'result_too_large', name: 'RangeError', message: `the result is larger than ${this.limits.maxResultBytes} bytes` }, poisoned: false };
      }
      const result = parseGuestJson<GuestResult>(this.vm.getString(handle));
      if (result.status === 'error') {
        const kind = result.error?.kind === 'unauthorized' || result.error?.kind === 'denied' ? result.error.kind : 'error';
        const failure = this.describe(result.error, kind);
        return { result, failure, poisoned: failure.kind === 'memory_limit' };
      }
      return { result, poisoned: false };
    });
  }

  private endInvocation(): void {
    this.hooks = null;
    this.wake = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const deferred of this.pending) deferred.dispose();
    this.pending.clear();
    if (this.interruptedBy === null) {
      try {
        this.inVm(() => this.runtime.executePendingJobs(DRAIN_JOBS)).dispose();
      } catch {
        // the next invocation reports it
      }
    }
  }

  /**
   * A limit interrupted guest code (possibly while draining leftover jobs), or the invocation grew
   * linear memory past its allowance (an out-of-memory error it caught itself): start over.
   */
  get broken(): boolean {
    return this.interruptedBy !== null || this.memory.buffer.byteLength - this.memoryAtStart > this.limits.memoryBytes;
  }

  dispose(): void {
    this.endInvocation();
    this.entry?.dispose();
    this.api?.dispose();
    this.vm.dispose();
    this.runtime.dispose();
  }
}
