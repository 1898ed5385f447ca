import { Catch } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FacadeErrorAnswer, FacadeErrorFilter } from '../facade-error.filter';

/** A quoted-string of an HTTP header parameter (RFC 9110 §5.6.4). */
const quoted = (value: string) => `"${value.replace(/[\\"]/g, '\\$&').replace(/[\r\n]/g, ' ')}"`;

/**
 * Errors of the facade's Authentication API in Auth0's format, `{error, error_description}`, with
 * the status Auth0 uses; a 401 of /userinfo also says why in `WWW-Authenticate` (RFC 6750), where
 * OAuth clients read it. Bound to the Authentication API controllers only: the global filter answers everything else.
 */
@Catch()
export class AuthenticationApiErrorFilter extends FacadeErrorFilter {
  protected readonly internalErrorCode = 'server_error';

  protected send(reply: FastifyReply, request: FastifyRequest, answer: FacadeErrorAnswer): void {
    // Bearer-protected resources (RFC 6750) say why in the header; the token endpoint in the body only.
    if (answer.status === 401 && request.routeOptions.url?.endsWith('/userinfo')) {
      reply.header('www-authenticate', `Bearer error=${quoted(answer.code)}, error_description=${quoted(answer.message)}`);
    }
    reply.header('cache-control', 'no-store').send({ error: answer.code, error_description: answer.message });
  }
}
