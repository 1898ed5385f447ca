import type { FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import type { RequestContext } from '../../identity/identity.types';

/** Header with the end user's IP that a confidential client may send to the token endpoint (Auth0's). */
export const FORWARDED_FOR_HEADER = 'auth0-forwarded-for';

/**
 * Who is asking: the caller's address (the service trusts its proxy headers) and user agent. A
 * client that authenticates with its secret may name the end user's address in
 * `auth0-forwarded-for`, as Auth0 lets applications with "Trust Token Endpoint IP Header" do, so
 * that brute-force protection counts the user's attempts, not the gateway's.
 */
export function facadeContext(request: FastifyRequest, options: { confidentialClient?: boolean } = {}): RequestContext {
  const userAgent = request.headers['user-agent'];
  const forwarded = request.headers[FORWARDED_FOR_HEADER];
  const endUser = options.confidentialClient && typeof forwarded === 'string' && isIP(forwarded.trim()) ? forwarded.trim() : undefined;
  return { ip: endUser ?? request.ip, ...(typeof userAgent === 'string' ? { userAgent } : {}) };
}
