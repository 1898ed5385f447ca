import { Injectable } from '@nestjs/common';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { SIGNING_ALGORITHM } from './signing-keys';

/** The local tenant's OpenID Provider metadata (`/.well-known/openid-configuration`). */
@Injectable()
export class LocalDiscovery {
  constructor(private readonly settings: LocalTenantSettings) {}

  openIdConfiguration(): Record<string, unknown> {
    const base = this.settings.issuerBase;
    return {
      issuer: this.settings.issuer,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/oauth/token`,
      userinfo_endpoint: `${base}/userinfo`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      revocation_endpoint: `${base}/oauth/revoke`,
      scopes_supported: ['openid', 'profile', 'email', 'phone', 'offline_access'],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'password', 'http://auth0.com/oauth/grant-type/password-realm', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: ['aud', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'iss', 'name', 'nickname', 'picture', 'sub', 'updated_at', 'phone_number'],
      request_uri_parameter_supported: false,
    };
  }
}
