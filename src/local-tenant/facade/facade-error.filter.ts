import { ArgumentsHost, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../common/errors/api-error';
import { IdentityError } from '../../identity/identity.error';

/** An error as the facade answers it: Auth0's status, code and message. */
export interface FacadeErrorAnswer {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

function knownError(exception: unknown): FacadeErrorAnswer | undefined {
  if (exception instanceof IdentityError) return { status: exception.getStatus(), code: exception.code, message: exception.message, headers: exception.headers };
  if (exception instanceof ApiError) return { status: exception.getStatus(), code: exception.errorCode, message: exception.message, headers: exception.headers };
  if (exception instanceof HttpException && exception.getStatus() < 500) return { status: exception.getStatus(), code: 'invalid_request', message: exception.message };
  return undefined;
}

/**
 * The facade's exception filters answer in one of Auth0's error formats instead of the gateway's:
 * this base classifies the error (an unexpected one is logged with the request id and answered as
 * a 500 without internals) and lets the API write its body.
 */
export abstract class FacadeErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('LocalTenantFacade');

  /** Auth0's code for an unexpected failure in this API. */
  protected abstract readonly internalErrorCode: string;

  protected abstract send(reply: FastifyReply, request: FastifyRequest, answer: FacadeErrorAnswer): void;

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    let answer = knownError(exception);
    if (!answer) {
      this.logger.error({ err: exception, requestId: request.id }, `local tenant request ${request.id} failed`);
      answer = { status: 500, code: this.internalErrorCode, message: 'An unexpected error occurred.' };
    }
    if (reply.sent) return;
    for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
    this.send(reply.type('application/json; charset=utf-8').status(answer.status), request, answer);
  }
}
