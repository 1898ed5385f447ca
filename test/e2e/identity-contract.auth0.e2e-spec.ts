import { identityContract } from '../contract/identity-contract';
import { contractConfigDocument } from '../contract/contract-config';
import { createAuth0Adapter, FACADE_DOMAIN, listenOnLoopback, rewritingFetch } from '../utils/auth0-wiring';
import { createTestApp } from '../utils/test-app';

identityContract("the Auth0 adapter, over HTTP to the local tenant's facade", async () => {
  const tenant = await createTestApp({ configDocument: contractConfigDocument() });
  const fetch = rewritingFetch(FACADE_DOMAIN, await listenOnLoopback(tenant));
  const adapter = await createAuth0Adapter({ fetch });
  expect(adapter.provider.kind).toBe('auth0');
  return {
    idp: adapter.provider,
    tenant,
    async close() {
      // Every call went over HTTP, to both of Auth0's APIs.
      const paths = new Set(fetch.requests.map((r) => r.path));
      expect([...paths]).toEqual(expect.arrayContaining(['/local-tenant/oauth/token', '/local-tenant/userinfo', '/local-tenant/.well-known/jwks.json', '/local-tenant/api/v2/users', '/local-tenant/api/v2/jobs/users-imports']));
      await adapter.close();
      await tenant.close();
    },
  };
});
