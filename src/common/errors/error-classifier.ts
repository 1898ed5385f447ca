import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { ApiError, ErrorDetail } from './api-error';

export interface ClassifiedError {
  status: number;
  errorCode: string;
  message: string;
  details?: ErrorDetail[];
  headers?: Record<string, string>;
  /** True when the cause must be logged because the caller gets a generic answer. */
  internal: boolean;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

function errorCodeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}

// Prisma's known request errors, mapped here and nowhere else.
const PRISMA_CODES: Record<string, { status: number; errorCode: string; message: string }> = {
  P2002: { status: 409, errorCode: 'conflict', message: 'A resource with the same unique value already exists.' },
  P2025: { status: 404, errorCode: 'not_found', message: 'The resource does not exist.' },
  P2003: { status: 409, errorCode: 'conflict', message: 'The resource is referenced by or refers to another resource.' },
  P1001: { status: 503, errorCode: 'database_unavailable', message: 'The database is unavailable; retry later.' },
  P1002: { status: 503, errorCode: 'database_unavailable', message: 'The database is unavailable; retry later.' },
  P1017: { status: 503, errorCode: 'database_unavailable', message: 'The database is unavailable; retry later.' },
  P2024: { status: 503, errorCode: 'database_unavailable', message: 'The database is busy; retry later.' },
};

// node-postgres / network errors that mean "the database is not there right now".
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

// Driver adapter error kinds (Prisma's raw-query errors, P2010, carry them in meta.driverAdapterError).
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);

function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown; meta?: { driverAdapterError?: { cause?: { code?: unknown; kind?: unknown } } } };
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    const adapter = e.meta?.driverAdapterError?.cause;
    if (typeof adapter?.code === 'string' && UNAVAILABLE_CODES.has(adapter.code)) return true;
    if (typeof adapter?.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(adapter.kind)) return true;
    if (typeof e.message === 'string' && /Connection terminated|connect ECONNREFUSED|terminating connection due to administrator command|Can't reach database server/i.test(e.message)) return true;
    if (e.name === 'DriverAdapterError' && typeof e.message === 'string' && /DatabaseNotReachable|ConnectionClosed/i.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof ApiError) {
    return { status: error.getStatus(), errorCode: error.errorCode, message: error.message, details: error.details, headers: error.headers, internal: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    let message = error.message;
    if (typeof response === 'object' && response && 'message' in response) {
      const m = (response as { message: unknown }).message;
      message = Array.isArray(m) ? m.join('; ') : String(m);
    }
    if (status === HttpStatus.NOT_FOUND && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(message)) {
      return { status, errorCode: 'route_not_found', message, internal: false };
    }
    // Fastify's body-parser failures reach here wrapped by Nest; keep their specific codes.
    if (status === HttpStatus.BAD_REQUEST && /^Body is not valid JSON|Unexpected end of JSON input|in JSON at position/.test(message)) {
      return { status, errorCode: 'invalid_json', message, internal: false };
    }
    return { status, errorCode: errorCodeForStatus(status), message, internal: status >= 500 };
  }
  const prismaCode = (error as { code?: unknown; name?: unknown })?.code;
  const prismaName = String((error as { name?: unknown })?.name ?? '');
  if (typeof prismaCode === 'string' && prismaName.startsWith('PrismaClient') && PRISMA_CODES[prismaCode]) {
    const mapped = PRISMA_CODES[prismaCode];
    return { ...mapped, internal: mapped.status >= 500 };
  }
  if ((error as { code?: unknown })?.code === '23505') {
    return { ...PRISMA_CODES.P2002, internal: false };
  }
  if (isDatabaseUnavailable(error)) {
    return { status: 503, errorCode: 'database_unavailable', message: 'The database is unavailable; retry later.', headers: { 'retry-after': '5' }, internal: true };
  }
  const fastify = error as FastifyLikeError;
  if (typeof fastify?.code === 'string' && fastify.code.startsWith('FST_') && typeof fastify.statusCode === 'number' && fastify.statusCode < 500) {
    const status = fastify.statusCode;
    const byCode: Record<string, string> = {
      FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_body',
      FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_body',
    };
    return { status, errorCode: byCode[fastify.code] ?? errorCodeForStatus(status), message: fastify.message ?? reasonPhrase(status), internal: false };
  }
  if (error instanceof SyntaxError && (error as FastifyLikeError).statusCode === 400) {
    return { status: 400, errorCode: 'invalid_json', message: `Body is not valid JSON: ${error.message}`, internal: false };
  }
  return { status: 500, errorCode: 'internal_error', message: 'An unexpected error occurred. Quote the request id when reporting it.', internal: true };
}
