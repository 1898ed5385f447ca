import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { identityContract } from '../contract/identity-contract';
import { contractConfigDocument } from '../contract/contract-config';
import { createTestApp } from '../utils/test-app';

identityContract('the local tenant, in process', async () => {
  const tenant = await createTestApp({ configDocument: contractConfigDocument() });
  const idp = tenant.app.get<IdentityProvider>(IDENTITY_PROVIDER);
  expect(idp.kind).toBe('local');
  return { idp, tenant, close: () => tenant.close() };
});
