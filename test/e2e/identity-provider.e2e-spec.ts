import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import { Auth0IdentityProvider } from '../../src/identity/auth0/auth0-identity-provider';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { LocalIdentityProvider } from '../../src/local-tenant/local-identity-provider';
import { createTestApp } from '../utils/test-app';

const AUTH0 = { type: 'auth0', domain: 'acme.eu.auth0.com', clientId: 'id', clientSecret: 'secret' };
const discovery = '/local-tenant/.well-known/openid-configuration';

describe('identity provider selection (e2e)', () => {
  it('identityProvider.type local (the default) injects the local tenant as IDENTITY_PROVIDER and serves its facade', async () => {
    const { identityProvider: _omitted, ...withoutProvider } = DEVELOPMENT_CONFIG;
    const t = await createTestApp({ configDocument: withoutProvider });
    try {
      const idp = t.app.get<IdentityProvider>(IDENTITY_PROVIDER);
      expect(idp).toBeInstanceOf(LocalIdentityProvider);
      expect(idp.kind).toBe('local');
      expect((await t.inject({ method: 'GET', url: discovery })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('identityProvider.type auth0 injects the Auth0 adapter, without the facade; start-up does not call Auth0', async () => {
    const t = await createTestApp({ configDocument: { ...DEVELOPMENT_CONFIG, identityProvider: AUTH0 } });
    try {
      const idp = t.app.get<IdentityProvider>(IDENTITY_PROVIDER);
      expect(idp).toBeInstanceOf(Auth0IdentityProvider);
      expect(idp.kind).toBe('auth0');
      expect(await idp.buildAuthorizeUrl({ clientId: 'web', redirectUri: 'https://app.example.com/cb', state: 's' })).toBe(
        'https://acme.eu.auth0.com/authorize?response_type=code&client_id=web&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&state=s',
      );
      const served = await t.inject({ method: 'GET', url: discovery });
      expect(served.statusCode).toBe(404);
      expect(served.json()).toMatchObject({ errorCode: 'route_not_found', requestId: expect.any(String) });
    } finally {
      await t.close();
    }
  });

  it('localTenant.facade.enabled serves the facade with the Auth0 provider too, and false turns it off with the local one', async () => {
    const withAuth0 = await createTestApp({ configDocument: { ...DEVELOPMENT_CONFIG, identityProvider: AUTH0, localTenant: { ...DEVELOPMENT_CONFIG.localTenant, facade: { enabled: true } } } });
    try {
      expect((await withAuth0.inject({ method: 'GET', url: discovery })).json()).toMatchObject({ issuer: 'http://localhost:8080/local-tenant/' });
    } finally {
      await withAuth0.close();
    }
    const off = await createTestApp({ configDocument: { ...DEVELOPMENT_CONFIG, localTenant: { ...DEVELOPMENT_CONFIG.localTenant, facade: { enabled: false } } } });
    try {
      expect((await off.inject({ method: 'GET', url: discovery })).statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('serves the facade under another prefix, and only there', async () => {
    const t = await createTestApp({ configDocument: { ...DEVELOPMENT_CONFIG, localTenant: { ...DEVELOPMENT_CONFIG.localTenant, facade: { prefix: '/idp/dev' } } } });
    try {
      const served = await t.inject({ method: 'GET', url: '/idp/dev/.well-known/openid-configuration' });
      expect(served.json()).toMatchObject({ issuer: 'http://localhost:8080/idp/dev/', token_endpoint: 'http://localhost:8080/idp/dev/oauth/token' });
      expect((await t.inject({ method: 'GET', url: discovery })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
