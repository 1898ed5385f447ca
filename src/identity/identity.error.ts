import { ApiError } from '../common/errors/api-error';

/**
 * A failure reported by an identity provider, with Auth0's code (`invalid_grant`,
 * `too_many_attempts`, `inexistent_user`, `user_exists`, `invalid_query`, `upstream_timeout`, …) and
 * the HTTP status to answer with, so callers never parse messages. It is an ApiError, so an
 * endpoint that lets it through answers with the standard error body.
 */
export class IdentityError extends ApiError {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    options: { retryAfterSeconds?: number; details?: Array<{ path: string; message: string }>; cause?: unknown } = {},
  ) {
    super(status, code, message, options.details, options.retryAfterSeconds !== undefined ? { 'retry-after': String(options.retryAfterSeconds) } : undefined);
    this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }

  readonly retryAfterSeconds?: number;
}
