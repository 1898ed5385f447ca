import type { MetadataWrite, PipelineRunRequest, PipelineRunResult } from './sandbox.types';

/** Messages between the SandboxPool (main thread) and a sandbox worker thread. */
export type MainToThread =
  | { type: 'run'; runId: number; request: PipelineRunRequest }
  | { type: 'metadataResult'; callId: number; metadata?: Record<string, unknown>; error?: string }
  | { type: 'reset' };

export type ThreadToMain =
  | { type: 'ready' }
  | { type: 'result'; runId: number; result: PipelineRunResult; recycles: number }
  | { type: 'crash'; runId: number; message: string }
  | { type: 'updateMetadata'; runId: number; callId: number; write: MetadataWrite };
