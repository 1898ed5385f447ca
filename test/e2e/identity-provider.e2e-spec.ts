import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { LocalIdentityProvider } from '../../src/local-tenant/local-identity-provider';
import { createTestApp } from '../utils/test-app';
import { createTestDatabase } from '../utils/test-database';

describe('identity provider selection (e2e)', () => {
  it('identityProvider.type local (the default) injects the local tenant as IDENTITY_PROVIDER', async () => {
    const { identityProvider: _omitted, ...withoutProvider } = DEVELOPMENT_CONFIG;
    const t = await createTestApp({ configDocument: withoutProvider });
    try {
      const idp = t.app.get<IdentityProvider>(IDENTITY_PROVIDER);
      expect(idp).toBeInstanceOf(LocalIdentityProvider);
      expect(idp.kind).toBe('local');
    } finally {
      await t.close();
    }
  });

  it('a provider this build has no adapter for stops the start with a clear message', async () => {
    const database = await createTestDatabase();
    try {
      const config = { ...DEVELOPMENT_CONFIG, identityProvider: { type: 'auth0', domain: 'acme.eu.auth0.com', clientId: 'id', clientSecret: 'secret' } };
      await expect(createTestApp({ configDocument: config, database })).rejects.toThrow(
        'identityProvider.type "auth0" is not supported by this version of the gateway; use identityProvider.type "local" (the built-in tenant)',
      );
    } finally {
      await database.drop();
    }
  });
});
