import { STATUS_CODES } from 'node:http';
import { IdentityError } from '../identity.error';
import { retryAfterMs, UpstreamCall, UpstreamFailure } from './upstream-fetch';

/** Which of Auth0's APIs a call went to: their errors are read differently. */
export type Auth0Api = 'authentication' | 'management';

interface AnsweredError {
  code?: string;
  message?: string;
}

/**
 * Auth0's error bodies: `{error, error_description}` from the Authentication API,
 * `{statusCode, error, message, errorCode}` from the Management API.
 */
function readErrorBody(body: string): AnsweredError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const b = parsed as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  if (text(b.error_description) !== undefined || (text(b.error) !== undefined && b.statusCode === undefined)) {
    return { code: text(b.error), message: text(b.error_description) };
  }
  return { code: text(b.errorCode), message: text(b.message) };
}

const codeForStatus = (status: number) => (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z0-9]+/g, '_');

function retryAfterSeconds(failure: UpstreamFailure): number | undefined {
  const retryAfter = retryAfterMs(failure.headers);
  if (retryAfter !== undefined) return Math.ceil(retryAfter / 1000);
  const reset = Number(failure.headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? Math.max(1, Math.ceil(reset - Date.now() / 1000)) : undefined;
}

/** The port's error for an error answer of Auth0, keeping Auth0's code and message. */
export function answeredError(failure: UpstreamFailure, api: Auth0Api): IdentityError {
  const answered = readErrorBody(failure.body);
  const code = answered.code ?? codeForStatus(failure.status);
  const message = answered.message ?? STATUS_CODES[failure.status] ?? 'Error';
  // The transport's own answer for a call it could not complete (see UpstreamTransport), reported by an SDK.
  if (failure.status >= 500 && (code === 'upstream_timeout' || code === 'upstream_error')) return new IdentityError(failure.status, code, message);
  if (failure.status === 408) return new IdentityError(504, 'upstream_timeout', `Auth0 answered 408 (${code}): ${message}`);
  if (failure.status >= 500) return new IdentityError(502, 'upstream_error', `Auth0 answered ${failure.status} (${code}): ${message}`);
  // The Management API is called with the gateway's own credentials: a refusal is the gateway's
  // configuration (secret, grant, permissions), never the caller's fault.
  if (api === 'management' && (failure.status === 401 || failure.status === 403)) {
    return new IdentityError(502, failure.status === 401 ? 'upstream_unauthorized' : 'upstream_forbidden', `Auth0 refused the gateway's Management API client (${code}): ${message}`);
  }
  return new IdentityError(failure.status, code, message, { retryAfterSeconds: failure.status === 429 ? retryAfterSeconds(failure) : undefined });
}

/**
 * The error answer an SDK error carries itself (ManagementClient's errors have `statusCode` and
 * `body`), for answers to requests of another call, such as a Management API token request two
 * calls wait for together.
 */
function reportedFailure(error: unknown): UpstreamFailure | undefined {
  const e = error as { statusCode?: unknown; body?: unknown };
  if (typeof e?.statusCode !== 'number' || e.statusCode < 400) return undefined;
  return { status: e.statusCode, headers: new Headers(), body: typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? {}) };
}

/**
 * Maps whatever an Auth0 SDK threw during one call to the port's IdentityError, from what the
 * transport saw on the wire: a timeout is 504 `upstream_timeout`; an unparseable or unusable answer
 * and an unreachable tenant are 502 `upstream_error`; an error answer keeps Auth0's status, code and
 * message (5xx become 502).
 */
export function upstreamIdentityError(error: unknown, call: UpstreamCall, api: Auth0Api, timeoutMs: number): IdentityError {
  if (error instanceof IdentityError) return error;
  const cause = { cause: error };
  if (call.timedOut) return new IdentityError(504, 'upstream_timeout', `Auth0 did not answer within ${timeoutMs} ms.`, cause);
  if (call.malformed) return new IdentityError(502, 'upstream_error', `Auth0 answered ${call.malformed.status} with a body that is not valid JSON.`, cause);
  if (call.unreachable && !call.failure) return new IdentityError(502, 'upstream_error', `Auth0 could not be reached: ${call.unreachable.message}`, cause);
  if (call.failure) return answeredError(call.failure, api);
  const reported = reportedFailure(error);
  if (reported) return answeredError(reported, api);
  const message = error instanceof Error ? error.message : String(error);
  return new IdentityError(502, 'upstream_error', `Auth0's answer could not be used: ${message}`, cause);
}
