import { HttpException, HttpStatus } from '@nestjs/common';

export interface ErrorDetail {
  /** Where the problem is, e.g. `body.users[3].email` or `query._l`. */
  path: string;
  message: string;
  /** Position inside a submitted script (1-based), for script errors. */
  line?: number;
  column?: number;
}

/**
 * The one error type product code throws: an HTTP status, a stable machine-readable `errorCode`
 * and a message safe to show to the caller. Optional `details` list individual problems and
 * `headers` are set on the response (e.g. Retry-After).
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly errorCode: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message, status);
  }

  static badRequest(errorCode: string, message: string, details?: ErrorDetail[]): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, errorCode, message, details);
  }

  static unauthorized(errorCode: string, message: string): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, errorCode, message);
  }

  static forbidden(errorCode: string, message: string): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, errorCode, message);
  }

  static notFound(errorCode: string, message: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, errorCode, message);
  }

  static conflict(errorCode: string, message: string): ApiError {
    return new ApiError(HttpStatus.CONFLICT, errorCode, message);
  }
}
