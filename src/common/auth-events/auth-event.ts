/**
 * An authentication or management event in Auth0's log format (the `data` of a log-stream record):
 * `type` is an Auth0 code (`s`, `f`, `fp`, `fu`, `ss`, `slo`, `sapi`, …). `log_id` and `date` are
 * assigned when missing.
 */
export interface AuthEvent {
  type: string;
  description?: string;
  date?: string;
  log_id?: string;
  client_id?: string;
  client_name?: string;
  connection?: string;
  connection_id?: string;
  strategy?: string;
  strategy_type?: string;
  user_id?: string;
  user_name?: string;
  ip?: string;
  user_agent?: string;
  hostname?: string;
  audience?: string;
  scope?: string | string[];
  details?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * Where the gateway and the local tenant record their own events. The log-streams module stores
 * them in the same event store as the events Auth0 streams in.
 */
export abstract class AuthEventRecorder {
  abstract record(events: AuthEvent | AuthEvent[]): Promise<void>;
}

/**
 * Whether a failure already has its event in the store (e.g. a rules denial, recorded by the pipeline
 * with the rule's name): whoever catches it then records no failure event of its own, so one failed
 * login is one event. Such errors carry `eventRecorded: true`.
 */
export function failureEventRecorded(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { eventRecorded?: unknown }).eventRecorded === true;
}
