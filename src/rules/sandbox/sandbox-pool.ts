import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MainToThread, ThreadToMain } from './sandbox-thread.protocol';
import type { PipelineRunRequest, PipelineRunResult, SandboxHooks, SandboxLimits } from './sandbox.types';

/** Extra time a worker gets past the pipeline budget to answer before it is terminated. */
const BACKSTOP_GRACE_MS = 2000;
/** How long a new thread may take to load QuickJS and say it is ready. */
const THREAD_STARTUP_MS = 30_000;
const THREAD_FILE = join(__dirname, `sandbox-thread${extname(__filename)}`);

interface Job {
  runId: number;
  request: PipelineRunRequest;
  hooks: SandboxHooks;
  resolve: (result: PipelineRunResult) => void;
  timer?: NodeJS.Timeout;
}

interface Thread {
  worker: Worker;
  /** Shared with the thread: index of the definition it is running. */
  progress: Int32Array;
  ready: Promise<void>;
  job: Job | null;
  recycles: number;
  dead: boolean;
}

function failed(request: PipelineRunRequest, kind: 'timeout' | 'error', message: string, step?: number): PipelineRunResult {
  const definition = step === undefined ? undefined : request.definitions[step];
  return {
    outcome: 'error',
    user: request.user,
    context: request.context,
    metadata: { app_metadata: {}, user_metadata: {} },
    failure: { kind, name: kind === 'timeout' ? 'TimeoutError' : 'Error', message, rule: definition?.name ?? '', ruleId: definition?.id ?? '' },
    rules: definition ? [{ id: definition.id, name: definition.name, outcome: 'error', durationMs: 0, error: { kind, name: kind === 'timeout' ? 'TimeoutError' : 'Error', message } }] : [],
    logs: [],
    warnings: [],
  };
}

/**
 * Worker threads that run rule pipelines, so that rule code never blocks the event loop that serves
 * requests. Threads start on first use (up to `size`); each runs one pipeline at a time and keeps
 * its compiled definitions between logins. A thread that does not answer within the pipeline
 * budget (plus a grace period) is terminated and replaced: the host-side wall clock that covers
 * whatever the in-thread limits could not.
 */
export class SandboxPool {
  private readonly threads: Thread[] = [];
  private readonly queue: Job[] = [];
  private sequence = 0;
  private closed = false;
  /** Threads terminated for not answering in time, or that died. */
  replacements = 0;

  constructor(
    private readonly limits: SandboxLimits,
    private readonly size: number,
  ) {}

  /** Runs a pipeline; always resolves (failures are results). */
  run(request: PipelineRunRequest, hooks: SandboxHooks): Promise<PipelineRunResult> {
    if (this.closed) return Promise.resolve(failed(request, 'error', 'the rules sandbox is shut down'));
    return new Promise((resolve) => {
      const job: Job = { runId: ++this.sequence, request, hooks, resolve };
      this.queue.push(job);
      // A login waits for a free thread at most one budget.
      job.timer = setTimeout(() => {
        const index = this.queue.indexOf(job);
        if (index < 0) return;
        this.queue.splice(index, 1);
        resolve(failed(request, 'timeout', `every rules sandbox thread (${this.size}) stayed busy for the ${this.limits.budgetMs} ms budget`));
      }, this.limits.budgetMs);
      job.timer.unref();
      this.dispatch();
    });
  }

  /** Starts one thread ahead of the first login (a thread takes a few hundred milliseconds to start). */
  warm(): void {
    if (!this.closed && this.threads.length === 0) this.spawn();
  }

  /** Resets every thread's compiled definitions and `global`. */
  reset(): void {
    for (const thread of this.threads) thread.worker.postMessage({ type: 'reset' } satisfies MainToThread);
  }

  /** Total limit breaches that made threads start over, as last reported by each thread. */
  get recycles(): number {
    return this.threads.reduce((n, t) => n + t.recycles, 0);
  }

  get threadCount(): number {
    return this.threads.length;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let thread = this.threads.find((t) => !t.job && !t.dead);
      if (!thread && this.threads.length < this.size) thread = this.spawn();
      if (!thread) return;
      const job = this.queue.shift() as Job;
      this.start(thread, job);
    }
  }

  private spawn(): Thread {
    const progress = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(THREAD_FILE, {
      workerData: { limits: this.limits, progress },
      // Tests run the TypeScript sources; the thread needs the same loader.
      execArgv: THREAD_FILE.endsWith('.ts') ? ['--require', 'ts-node/register/transpile-only'] : [],
      resourceLimits: { stackSizeMb: 4, maxOldGenerationSizeMb: 512 },
      stdout: false,
      stderr: false,
    });
    let markReady: () => void = () => undefined;
    const thread: Thread = { worker, progress, ready: new Promise((r) => (markReady = r)), job: null, recycles: 0, dead: false };
    worker.on('message', (message: ThreadToMain) => {
      if (message.type === 'ready') markReady();
      else this.onMessage(thread, message);
    });
    worker.on('error', () => undefined); // 'exit' follows and handles it
    worker.on('exit', () => this.onExit(thread));
    worker.unref();
    this.threads.push(thread);
    return thread;
  }

  private start(thread: Thread, job: Job): void {
    clearTimeout(job.timer);
    thread.job = job;
    Atomics.store(thread.progress, 0, 0);
    thread.worker.ref(); // an idle thread does not keep the process alive; a running pipeline does
    // A new thread gets its own start-up allowance; the budget backstop runs from when the pipeline starts.
    job.timer = setTimeout(() => this.terminate(thread, 'startup'), THREAD_STARTUP_MS);
    job.timer.unref();
    void thread.ready.then(() => {
      if (thread.job !== job || thread.dead) return;
      clearTimeout(job.timer);
      job.timer = setTimeout(() => this.terminate(thread, 'timeout'), this.limits.budgetMs + BACKSTOP_GRACE_MS);
      job.timer.unref();
      thread.worker.postMessage({ type: 'run', runId: job.runId, request: job.request } satisfies MainToThread);
    });
  }

  private onMessage(thread: Thread, message: ThreadToMain): void {
    const job = thread.job;
    if (message.type === 'updateMetadata') {
      if (!job || job.runId !== message.runId) return;
      job.hooks.updateMetadata(message.write).then(
        (metadata) => thread.worker.postMessage({ type: 'metadataResult', callId: message.callId, metadata } satisfies MainToThread),
        (error: unknown) => thread.worker.postMessage({ type: 'metadataResult', callId: message.callId, error: error instanceof Error ? error.message : String(error) } satisfies MainToThread),
      );
      return;
    }
    if (message.type !== 'result' && message.type !== 'crash') return;
    if (!job || job.runId !== message.runId) return;
    if (message.type === 'result') thread.recycles = message.recycles;
    this.finish(thread, message.type === 'result' ? message.result : failed(job.request, 'error', `the rules sandbox failed: ${message.message}`));
  }

  private finish(thread: Thread, result: PipelineRunResult): void {
    const job = thread.job;
    if (!job) return;
    clearTimeout(job.timer);
    thread.job = null;
    thread.worker.unref();
    job.resolve(result);
    this.dispatch();
  }

  private terminate(thread: Thread, reason: 'timeout' | 'startup'): void {
    const job = thread.job;
    thread.job = null;
    this.remove(thread);
    void thread.worker.terminate();
    if (job) {
      clearTimeout(job.timer);
      if (reason === 'timeout') job.resolve(failed(job.request, 'timeout', `the pipeline did not finish within its ${this.limits.budgetMs} ms budget`, Atomics.load(thread.progress, 0)));
      else job.resolve(failed(job.request, 'error', `a rules sandbox thread did not start within ${THREAD_STARTUP_MS / 1000} s`));
    }
    if (!this.closed) this.dispatch();
  }

  private onExit(thread: Thread): void {
    if (thread.dead) return;
    const job = thread.job;
    thread.job = null;
    this.remove(thread);
    if (job) {
      clearTimeout(job.timer);
      job.resolve(failed(job.request, 'error', 'the rules sandbox stopped unexpectedly', Atomics.load(thread.progress, 0)));
    }
    if (!this.closed) this.dispatch();
  }

  private remove(thread: Thread): void {
    if (thread.dead) return;
    thread.dead = true;
    const index = this.threads.indexOf(thread);
    if (index >= 0) this.threads.splice(index, 1);
    if (!this.closed) this.replacements++;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(failed(job.request, 'error', 'the rules sandbox is shut down'));
    const threads = [...this.threads];
    for (const thread of threads) {
      if (thread.job) this.finish(thread, failed(thread.job.request, 'error', 'the rules sandbox is shut down'));
      thread.dead = true;
    }
    this.threads.length = 0;
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}
