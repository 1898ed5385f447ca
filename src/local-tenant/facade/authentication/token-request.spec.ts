import { thrownShape as failure } from '../../../../test/utils/identity-errors';
import { PASSWORD_REALM_GRANT, presentedClient, tokenGrant } from './token-request';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('token endpoint requests', () => {
  it('reads the grants with their parameters', () => {
    expect(tokenGrant({ grant_type: 'password', username: 'u', password: 'p', scope: 'openid' })).toEqual({ type: 'password', username: 'u', password: 'p', scope: 'openid', realm: undefined, audience: undefined });
    expect(tokenGrant({ grant_type: PASSWORD_REALM_GRANT, username: 'u', password: 'p', realm: 'db' })).toMatchObject({ type: 'password', realm: 'db' });
    expect(tokenGrant({ grant_type: 'authorization_code', code: 'c', redirect_uri: 'https://a/cb', code_verifier: 'v' })).toEqual({ type: 'authorization_code', code: 'c', redirectUri: 'https://a/cb', codeVerifier: 'v' });
    expect(tokenGrant({ grant_type: 'refresh_token', refresh_token: 'r' })).toEqual({ type: 'refresh_token', refreshToken: 'r', scope: undefined });
    expect(tokenGrant({ grant_type: 'client_credentials', audience: 'https://api/' })).toEqual({ type: 'client_credentials', audience: 'https://api/', scope: undefined });
  });

  it("answers missing and unknown parameters as Auth0 does", () => {
    expect(failure(() => tokenGrant({}))).toEqual({ status: 400, code: 'invalid_request', message: 'Missing required parameter: grant_type' });
    expect(failure(() => tokenGrant({ grant_type: PASSWORD_REALM_GRANT, username: 'u', password: 'p' }))).toEqual({ status: 400, code: 'invalid_request', message: 'Missing required parameter: realm' });
    expect(failure(() => tokenGrant({ grant_type: 'implicit' }))).toEqual({ status: 400, code: 'unsupported_grant_type', message: 'Unsupported grant type: implicit' });
    expect(failure(() => tokenGrant({ grant_type: 'password', username: 42, password: 'p' }))).toEqual({ status: 400, code: 'invalid_request', message: 'Invalid parameter: username must be a string' });
  });

  it('takes the client from the body or from HTTP Basic (form-urlencoded), never both', () => {
    expect(presentedClient({ client_id: 'app', client_secret: 's' }, undefined)).toEqual({ clientId: 'app', clientSecret: 's' });
    expect(presentedClient({ client_id: 'public' }, undefined)).toEqual({ clientId: 'public' });
    expect(presentedClient({}, basic('my%20app', 's%3Acret'))).toEqual({ clientId: 'my app', clientSecret: 's:cret' });
    expect(presentedClient({ client_id: 'app' }, basic('app', 's'))).toEqual({ clientId: 'app', clientSecret: 's' });
    expect(failure(() => presentedClient({ client_secret: 's' }, basic('app', 's'))).message).toBe('The client must authenticate with only one method');
    expect(failure(() => presentedClient({ client_id: 'other' }, basic('app', 's'))).message).toBe('client_id does not match the client that authenticated');
    expect(failure(() => presentedClient({}, `Basic ${Buffer.from('no-colon').toString('base64')}`)).code).toBe('invalid_request');
  });
});
