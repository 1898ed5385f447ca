import { answeredError, upstreamIdentityError } from './upstream-errors';
import { UpstreamCall } from './upstream-fetch';

const failure = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers), body: typeof body === 'string' ? body : JSON.stringify(body) });
const shape = (e: { getStatus(): number; code: string; message: string }) => ({ status: e.getStatus(), code: e.code, message: e.message });

describe('Auth0 errors as the port has them', () => {
  it("keeps the Authentication API's error and description", () => {
    expect(shape(answeredError(failure(403, { error: 'invalid_grant', error_description: 'Wrong email or password.' }), 'authentication'))).toEqual({ status: 403, code: 'invalid_grant', message: 'Wrong email or password.' });
    expect(shape(answeredError(failure(401, { error: 'access_denied', error_description: 'Unauthorized' }), 'authentication'))).toEqual({ status: 401, code: 'access_denied', message: 'Unauthorized' });
  });

  it("keeps the Management API's errorCode and message, and names the status when there is no code", () => {
    expect(shape(answeredError(failure(404, { statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user' }), 'management'))).toEqual({ status: 404, code: 'inexistent_user', message: 'The user does not exist.' });
    expect(shape(answeredError(failure(400, { statusCode: 400, error: 'Bad Request', message: 'Payload validation error' }), 'management'))).toEqual({ status: 400, code: 'bad_request', message: 'Payload validation error' });
  });

  it("turns refusals of the gateway's own Management API client and upstream failures into 502s", () => {
    expect(shape(answeredError(failure(403, { statusCode: 403, error: 'Forbidden', message: 'Insufficient scope', errorCode: 'insufficient_scope' }), 'management'))).toEqual({
      status: 502,
      code: 'upstream_forbidden',
      message: "Auth0 refused the gateway's Management API client (insufficient_scope): Insufficient scope",
    });
    expect(shape(answeredError(failure(503, '<html>down</html>'), 'authentication'))).toEqual({ status: 502, code: 'upstream_error', message: 'Auth0 answered 503 (service_unavailable): Service Unavailable' });
    expect(shape(answeredError(failure(408, ''), 'management'))).toMatchObject({ status: 504, code: 'upstream_timeout' });
  });

  it('says when to retry a 429', () => {
    expect(answeredError(failure(429, { error: 'too_many_requests', error_description: 'Slow down' }, { 'retry-after': '7' }), 'authentication').headers).toEqual({ 'retry-after': '7' });
  });

  it('prefers what the wire showed over what the SDK threw', () => {
    const timedOut = Object.assign(new UpstreamCall(), { timedOut: true });
    expect(shape(upstreamIdentityError(new Error('aborted'), timedOut, 'management', 250))).toEqual({ status: 504, code: 'upstream_timeout', message: 'Auth0 did not answer within 250 ms.' });
    const sdkOnly = upstreamIdentityError(Object.assign(new Error('token request failed'), { statusCode: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } }), new UpstreamCall(), 'management', 250);
    expect(shape(sdkOnly)).toEqual({ status: 502, code: 'upstream_unauthorized', message: "Auth0 refused the gateway's Management API client (access_denied): Unauthorized" });
    expect(shape(upstreamIdentityError(new Error('unexpected JWT claim value encountered'), new UpstreamCall(), 'authentication', 250))).toEqual({
      status: 502,
      code: 'upstream_error',
      message: "Auth0's answer could not be used: unexpected JWT claim value encountered",
    });
  });
});
