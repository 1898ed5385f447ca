import { parentPort, workerData } from 'node:worker_threads';
import { SandboxEngine } from './sandbox-engine';
import type { MainToThread, ThreadToMain } from './sandbox-thread.protocol';
import type { MetadataWrite, SandboxLimits } from './sandbox.types';

// Entry point of a sandbox worker thread: one SandboxEngine, one pipeline at a time (the pool
// never sends a second run before the first answered). Metadata writes go back to the main thread.
const port = parentPort;
if (!port) throw new Error('sandbox-thread runs as a worker thread');
const { limits, progress } = workerData as { limits: SandboxLimits; progress: Int32Array };
const engine = new SandboxEngine(limits);
// Index of the definition running now, readable by the pool without a message (see SandboxPool.terminate).
const onStep = (index: number) => Atomics.store(progress, 0, index);
const calls = new Map<number, { resolve: (m: Record<string, unknown>) => void; reject: (e: Error) => void }>();
let sequence = 0;

const send = (message: ThreadToMain) => port.postMessage(message);

port.on('message', (message: MainToThread) => {
  if (message.type === 'run') {
    const hooks = {
      updateMetadata: (write: MetadataWrite) =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          const callId = ++sequence;
          calls.set(callId, { resolve, reject });
          send({ type: 'updateMetadata', runId: message.runId, callId, write });
        }),
    };
    engine.run(message.request, hooks, onStep).then(
      (result) => send({ type: 'result', runId: message.runId, result, recycles: engine.recycles }),
      (error: unknown) => send({ type: 'crash', runId: message.runId, message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (message.type === 'metadataResult') {
    const call = calls.get(message.callId);
    calls.delete(message.callId);
    if (message.error !== undefined) call?.reject(new Error(message.error));
    else call?.resolve(message.metadata ?? {});
  } else if (message.type === 'reset') {
    engine.reset();
  }
});
send({ type: 'ready' });
