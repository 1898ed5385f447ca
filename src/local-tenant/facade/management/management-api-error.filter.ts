import { Catch } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { FacadeErrorAnswer, FacadeErrorFilter } from '../facade-error.filter';

/**
 * Errors of the facade's Management API in Auth0's format,
 * `{statusCode, error, message, errorCode}`. Bound to the Management API controllers only.
 */
@Catch()
export class ManagementApiErrorFilter extends FacadeErrorFilter {
  protected readonly internalErrorCode = 'internal_error';

  protected send(reply: FastifyReply, _request: unknown, answer: FacadeErrorAnswer): void {
    reply.send({ statusCode: answer.status, error: STATUS_CODES[answer.status] ?? 'Error', message: answer.message, errorCode: answer.code });
  }
}
