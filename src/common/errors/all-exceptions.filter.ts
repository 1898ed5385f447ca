import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { classifyError, reasonPhrase } from './error-classifier';

/** Turns every error, from any module, into the documented error body. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const classified = classifyError(exception);
    if (classified.internal) {
      this.logger.error({ err: exception, requestId: request.id, errorCode: classified.errorCode }, `request ${request.id} failed`);
    }
    if (reply.sent) return;
    for (const [name, value] of Object.entries(classified.headers ?? {})) reply.header(name, value);
    reply.status(classified.status).type('application/json; charset=utf-8').send({
      statusCode: classified.status,
      error: reasonPhrase(classified.status),
      message: classified.message,
      errorCode: classified.errorCode,
      requestId: request.id,
      ...(classified.details ? { details: classified.details } : {}),
    });
  }
}
