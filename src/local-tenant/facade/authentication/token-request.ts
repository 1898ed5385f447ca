import { IdentityError } from '../../../identity/identity.error';

export const PASSWORD_REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';

/** The client of a token endpoint request: HTTP Basic (client_secret_basic) or body fields (client_secret_post). */
export interface PresentedClient {
  clientId: string;
  clientSecret?: string;
}

export type TokenGrant =
  | { type: 'password'; username: string; password: string; realm?: string; audience?: string; scope?: string }
  | { type: 'authorization_code'; code: string; redirectUri: string; codeVerifier?: string }
  | { type: 'refresh_token'; refreshToken: string; scope?: string }
  | { type: 'client_credentials'; audience?: string; scope?: string };

const invalidRequest = (message: string) => new IdentityError(400, 'invalid_request', message);

function text(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidRequest(`Invalid parameter: ${name} must be a string`);
  return value;
}

function required(fields: Record<string, unknown>, name: string): string {
  const value = text(fields, name);
  if (value === undefined) throw invalidRequest(`Missing required parameter: ${name}`);
  return value;
}

/**
 * The client credentials of a request. Both ways at once, or a Basic header that does not decode,
 * is a 400, as OAuth 2.0 (RFC 6749 §2.3) requires; Basic credentials are form-urlencoded.
 */
export function presentedClient(fields: Record<string, unknown>, authorization: string | undefined): PresentedClient {
  const basic = authorization !== undefined ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization) : null;
  const bodyId = text(fields, 'client_id');
  const bodySecret = text(fields, 'client_secret');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw invalidRequest('Invalid client authentication: the Basic credentials are not "id:secret"');
    if (bodySecret !== undefined) throw invalidRequest('The client must authenticate with only one method');
    let clientId: string;
    let clientSecret: string;
    try {
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      throw invalidRequest('Invalid client authentication: the Basic credentials are not form-urlencoded');
    }
    if (bodyId !== undefined && bodyId !== clientId) throw invalidRequest('client_id does not match the client that authenticated');
    return { clientId, clientSecret };
  }
  return { clientId: bodyId ?? '', ...(bodySecret !== undefined ? { clientSecret: bodySecret } : {}) };
}

/** The grant of a `POST /oauth/token` body, with Auth0's answers for missing and unknown parameters. */
export function tokenGrant(fields: Record<string, unknown>): TokenGrant {
  const grantType = required(fields, 'grant_type');
  switch (grantType) {
    case 'password':
    case PASSWORD_REALM_GRANT:
      return {
        type: 'password',
        username: required(fields, 'username'),
        password: required(fields, 'password'),
        realm: grantType === PASSWORD_REALM_GRANT ? required(fields, 'realm') : text(fields, 'realm'),
        audience: text(fields, 'audience'),
        scope: text(fields, 'scope'),
      };
    case 'authorization_code':
      return { type: 'authorization_code', code: required(fields, 'code'), redirectUri: required(fields, 'redirect_uri'), codeVerifier: text(fields, 'code_verifier') };
    case 'refresh_token':
      return { type: 'refresh_token', refreshToken: required(fields, 'refresh_token'), scope: text(fields, 'scope') };
    case 'client_credentials':
      return { type: 'client_credentials', audience: text(fields, 'audience'), scope: text(fields, 'scope') };
    default:
      throw new IdentityError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  }
}
