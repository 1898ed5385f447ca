import type { HttpPolicy } from './sandbox-http';

export type DefinitionKind = 'rule' | 'action';

/** A rule or action as the sandbox runs it. `revision` changes whenever the script does (compiled code is cached by it). */
export interface SandboxDefinition {
  id: string;
  name: string;
  kind: DefinitionKind;
  script: string;
  revision: string;
  /** `configuration` (rules) / `event.secrets` (actions): the secrets this definition may read. */
  secrets: Record<string, string>;
}

export interface SandboxLimits {
  cpuMs: number;
  memoryBytes: number;
  stackBytes: number;
  budgetMs: number;
  maxResultBytes: number;
  http: HttpPolicy;
}

/** One login through the pipeline: user and context in the Rules shape (actions get the equivalent event). */
export interface PipelineRunRequest {
  definitions: SandboxDefinition[];
  user: Record<string, unknown>;
  context: Record<string, unknown>;
  /** `auth0.domain`. */
  domain: string;
}

export type FailureKind = 'unauthorized' | 'denied' | 'error' | 'timeout' | 'cpu_limit' | 'memory_limit' | 'result_too_large';

export interface SandboxFailure {
  kind: FailureKind;
  name: string;
  message: string;
  line?: number;
  column?: number;
}

export interface SandboxLog {
  rule: string;
  level: string;
  message: string;
}

export interface DefinitionRun {
  id: string;
  name: string;
  outcome: 'allow' | 'deny' | 'error';
  durationMs: number;
  error?: SandboxFailure;
}

export interface MetadataChanges {
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
}

export interface PipelineRunResult {
  outcome: 'allow' | 'deny' | 'error';
  user: Record<string, unknown>;
  context: Record<string, unknown>;
  /** Actions' `api.user.set*Metadata` changes, to be written once after the pipeline (`null` deletes). */
  metadata: MetadataChanges;
  /** The definition that stopped the pipeline and why. */
  failure?: SandboxFailure & { rule: string; ruleId: string };
  rules: DefinitionRun[];
  logs: SandboxLog[];
  warnings: SandboxLog[];
}

/** What a rule's `auth0.users.update*Metadata` asks the host to do; the answer is the merged metadata. */
export interface MetadataWrite {
  userId: string;
  field: 'app_metadata' | 'user_metadata';
  metadata: Record<string, unknown>;
}

export interface SandboxHooks {
  updateMetadata(write: MetadataWrite): Promise<Record<string, unknown>>;
}
