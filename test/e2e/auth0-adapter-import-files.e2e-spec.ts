import type { IdentityProvider } from '../../src/identity/identity-provider.port';
import type { ImportJob } from '../../src/identity/identity.types';
import { ImportConnections } from '../../src/identity/import-connections';
import { MAX_IMPORT_FILE_BYTES, splitImportFile } from '../../src/identity/import-file';
import { createAuth0Adapter, FACADE_DOMAIN, facadeConfigDocument, listenOnLoopback, rewritingFetch } from '../utils/auth0-wiring';
import { errorShape, identityFailure } from '../utils/identity-errors';
import { createTestApp, TestApp } from '../utils/test-app';

const DB = 'Username-Password-Authentication';

async function finished(idp: IdentityProvider, id: string): Promise<ImportJob> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const job = await idp.getImportJob(id);
    if (job.status === 'completed' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a large import through the Auth0 adapter: files of at most 500 KB, the connection id by name (e2e)', () => {
  let tenant: TestApp;
  let base: string;

  beforeAll(async () => {
    tenant = await createTestApp({ configDocument: facadeConfigDocument() });
    base = await listenOnLoopback(tenant);
  });
  afterAll(() => tenant.close());

  it('splits 1.3 MB of users into files under the limit and imports every user once, with the id of supportedConnectionsMap', async () => {
    const adapter = await createAuth0Adapter({ fetch: rewritingFetch(FACADE_DOMAIN, base) });
    try {
      const users = Array.from({ length: 2600 }, (_, i) => ({ email: `bulk-${i}@import.example.com`, user_metadata: { note: 'n'.repeat(450) } }));
      const files = splitImportFile(users);
      expect(files.length).toBe(3);
      for (const file of files) expect(file.length).toBeLessThanOrEqual(MAX_IMPORT_FILE_BYTES);
      const connection = await adapter.get(ImportConnections).resolve(DB);
      expect(connection).toEqual({ name: DB, id: 'con_DevelopmentUser1' });
      const summaries = [];
      for (const file of files) {
        const job = await adapter.provider.createImportJob({ connectionId: connection.id, users: file });
        summaries.push((await finished(adapter.provider, job.id)).summary);
      }
      expect(summaries.reduce((sum, s) => sum + (s?.inserted ?? 0), 0)).toBe(2600);
      expect(summaries.every((s) => s?.failed === 0)).toBe(true);
      expect(await tenant.prisma.localUser.count({ where: { emailNormalized: { startsWith: 'bulk-' } } })).toBe(2600);
    } finally {
      await adapter.close();
    }
  }, 180_000);

  it("looks the connection up in the tenant's connections when no map is configured, and refuses an unknown one", async () => {
    const adapter = await createAuth0Adapter({ fetch: rewritingFetch(FACADE_DOMAIN, base), managementClient: { defaultManagementConnectionName: DB } });
    try {
      const connections = adapter.get(ImportConnections);
      expect(await connections.resolve()).toEqual({ name: DB, id: 'con_DevelopmentUser1' });
      expect(errorShape(await identityFailure(connections.resolve('Nope')))).toEqual({ status: 400, code: 'inexistent_connection', message: 'The connection does not exist: Nope' });
    } finally {
      await adapter.close();
    }
  });

  it('with a map, imports only into its connections', async () => {
    const adapter = await createAuth0Adapter({ fetch: rewritingFetch(FACADE_DOMAIN, base) });
    try {
      expect(errorShape(await identityFailure(adapter.get(ImportConnections).resolve('Other')))).toEqual({
        status: 400,
        code: 'unsupported_connection',
        message: 'The connection Other is not one of managementClient.supportedConnectionsMap',
      });
    } finally {
      await adapter.close();
    }
  });
});
