import { EncryptionService } from '../../src/common/crypto/encryption.service';
import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../src/identity/identity-provider.port';
import { IdentityError } from '../../src/identity/identity.error';
import { chunkFileContext } from '../../src/jobs/chunk-file';
import { connectionId } from '../../src/local-tenant/import/connection-lookup';
import { auth0SchemaProblems, captureAuthEvents } from '../utils/auth-events';
import { importFinished, importStatus, postImport, ProviderJobTracker } from '../support/import-api';
import { ProviderSetup, PROVIDERS_UNDER_TEST } from '../support/identity-providers';
import { createTestApp, expectErrorBody, TestApp } from '../utils/test-app';

const DB = 'Username-Password-Authentication';
const PARTNERS = 'Partners';
const HIDDEN = 'Hidden';
const BCRYPT = '$2b$04$9OyqzYmQeV34O/qmCJgdPOowjT0JUcD0pu53BzzIpD4OaQrfGQr4C'; // "Imported-Passw0rd"
const MAX_CHUNK = 2000;

const CONFIG = {
  ...DEVELOPMENT_CONFIG,
  managementClient: {
    supportedConnectionsMap: { [DB]: { connectionId: 'con_DevelopmentUser1' }, [PARTNERS]: { connectionId: connectionId({ name: PARTNERS }) } },
    defaultManagementConnectionName: DB,
  },
  localTenant: { ...DEVELOPMENT_CONFIG.localTenant, connections: [...DEVELOPMENT_CONFIG.localTenant.connections, { name: PARTNERS }, { name: HIDDEN }], importJobs: { batchSize: 10 } },
  // Small import files, so that a few dozen users already make several provider jobs.
  userImport: { maxChunkBytes: MAX_CHUNK, pollIntervalMs: 100 },
};

const people = (tag: string, n: number) => Array.from({ length: n }, (_, i) => ({ email: `${tag}-${i}@example.com`, given_name: `${tag} ${i}`, app_metadata: { batch: tag } }));
const chunksOf = (users: unknown[]) => Math.ceil(Buffer.byteLength(JSON.stringify(users)) / MAX_CHUNK);

/** A multipart form as Auth0's SDKs send an import: the users as a JSON file, options as text fields. */
async function form(users: unknown, fields: Record<string, string> = {}, fileField = 'users'): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const data = new FormData();
  data.append(fileField, new Blob([typeof users === 'string' ? users : JSON.stringify(users)], { type: 'application/json' }), 'users.json');
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  const request = new Request('http://localhost/users/import', { method: 'POST', body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type') as string } };
}

describe.each(PROVIDERS_UNDER_TEST)('bulk import API with $name (e2e)', (provider) => {
  jest.setTimeout(120_000);
  let setup: ProviderSetup;
  let t: TestApp;
  let idp: IdentityProvider;

  beforeAll(async () => {
    setup = await provider.start(CONFIG);
    t = await createTestApp({ configDocument: setup.configDocument });
    idp = t.app.get(IDENTITY_PROVIDER);
    expect(idp.kind).toBe(provider.kind);
  });
  afterAll(async () => {
    await t.close();
    await setup.close();
  });
  afterEach(() => jest.restoreAllMocks());

  it('splits an input into provider jobs, runs at most 2 at a time, and reports totals and errors at their input positions', async () => {
    const tracker = new ProviderJobTracker();
    tracker.watch(idp);
    await idp.createUser({ connection: DB, email: 'taken-7@example.com', password: 'Str0ng-Passw0rd!' });
    await idp.createUser({ connection: DB, email: 'taken-23@example.com', password: 'Str0ng-Passw0rd!' });
    const users = people('bulk', 120).map((u, i) => (i === 7 || i === 23 ? { ...u, email: `taken-${i}@example.com`, password_hash: BCRYPT } : u));
    const events = captureAuthEvents(t.app);

    const res = await postImport(t, { users, external_id: 'crm-sync-42' });
    expect(res.statusCode).toBe(202);
    const created = res.json();
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'users_import',
      status: 'pending',
      connection: DB,
      connection_id: 'con_DevelopmentUser1',
      upsert: false,
      external_id: 'crm-sync-42',
      send_completion_email: true,
      created_by: 'bootstrap',
      summary: { inserted: 0, updated: 0, failed: 0, total: 120 },
    });
    expect(created.chunks.length).toBeGreaterThanOrEqual(chunksOf(users));
    expect(created.chunks.length).toBeGreaterThan(4);
    expect(created.chunks.every((c: { status: string }) => c.status === 'queued')).toBe(true);

    const job = await importFinished(t, created.id);
    expect(job).toMatchObject({ status: 'completed', percentage_done: 100, summary: { inserted: 118, updated: 0, failed: 2, total: 120 } });
    let next = 0;
    for (const chunk of job.chunks) {
      expect(chunk).toMatchObject({ status: 'completed', first_user: next, provider_job_id: expect.any(String), attempts: 1 });
      expect(chunk.bytes).toBeLessThanOrEqual(MAX_CHUNK);
      next += chunk.users;
    }
    expect(next).toBe(120);
    expect(tracker.maxRunning).toBe(2);
    expect(tracker.busyAnswers).toBe(0);
    expect(new Set(tracker.submitted).size).toBe(job.chunks.length);

    const errors = await t.admin({ method: 'GET', url: `/users/import/status/${created.id}/errors` });
    expect(errors.statusCode).toBe(200);
    expect(errors.json()).toEqual([
      { index: 7, user: { email: 'taken-7@example.com', given_name: 'bulk 7', app_metadata: { batch: 'bulk' } }, errors: [{ code: 'DUPLICATED_USER', message: expect.any(String), path: '#/email' }] },
      { index: 23, user: { email: 'taken-23@example.com', given_name: 'bulk 23', app_metadata: { batch: 'bulk' } }, errors: [{ code: 'DUPLICATED_USER', message: expect.any(String), path: '#/email' }] },
    ]);
    expect((await idp.getUsersByEmail('bulk-39@example.com'))[0]).toMatchObject({ given_name: 'bulk 39', app_metadata: { batch: 'bulk' } });

    const sapi = events.ofType('sapi').find((e) => (e.details as { request: { path: string } }).request.path === '/users/import');
    expect(sapi).toMatchObject({
      description: 'Create an import users job',
      client_name: 'bootstrap',
      details: { request: { method: 'post', body: { connection: DB, users: 120, upsert: false } }, response: { statusCode: 202, body: { id: created.id } } },
    });
    expect(auth0SchemaProblems(sapi!)).toEqual([]);
    expect(await t.prisma.logEvent.count({ where: { logId: sapi!.log_id, type: 'sapi', stream: 'gateway' } })).toBe(1);
  });

  it('updates existing users with upsert, in the connection asked for', async () => {
    const first = await postImport(t, { users: people('partner', 5), connection: PARTNERS });
    expect((await importFinished(t, first.json().id)).summary).toEqual({ inserted: 5, updated: 0, failed: 0, total: 5 });
    const again = await postImport(t, { users: people('partner', 6).map((u) => ({ ...u, given_name: 'Changed' })), connection: PARTNERS, upsert: true });
    expect((await importFinished(t, again.json().id)).summary).toEqual({ inserted: 1, updated: 5, failed: 0, total: 6 });
    const [user] = await idp.getUsersByEmail('partner-0@example.com');
    expect(user).toMatchObject({ given_name: 'Changed', identities: [{ connection: PARTNERS }] });
  });

  it("accepts the multipart form Auth0's SDKs send, booleans as text", async () => {
    const { payload, headers } = await form(people('form', 12), { connection: PARTNERS, upsert: 'true', send_completion_email: 'false', external_id: 'from-a-form' });
    const res = await t.admin({ method: 'POST', url: '/users/import', payload, headers });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ connection: PARTNERS, upsert: true, send_completion_email: false, external_id: 'from-a-form' });
    expect((await importFinished(t, res.json().id)).summary).toEqual({ inserted: 12, updated: 0, failed: 0, total: 12 });
  });

  it('checks every user before importing any and lists every violation with its position', async () => {
    const jobsBefore = await t.prisma.userImportJob.count();
    const res = await postImport(t, {
      users: [
        { email: 'fine-1@example.com' },
        { email: 'not-an-email' },
        { email: 'extra@example.com', favourite_colour: 'blue' },
        { email: 'fine-1@EXAMPLE.com' },
        { email: 'hash@example.com', custom_password_hash: { algorithm: 'hmac', hash: { value: 'abc' } } },
        'not a user',
      ],
    });
    const body = expectErrorBody(res, 400, 'invalid_users');
    expect(body.message).toMatch(/^5 users cannot be imported \(/);
    expect(body.details).toEqual([
      { path: 'users[1].email', message: expect.stringMatching(/^FORMAT: /) },
      { path: 'users[2].favourite_colour', message: expect.stringMatching(/^OBJECT_ADDITIONAL_PROPERTIES: /) },
      { path: 'users[3].email', message: 'DUPLICATED_USER: The email is also the email of users[0]' },
      { path: 'users[4].custom_password_hash', message: expect.stringMatching(/^ANY_OF_MISSING: /) },
      { path: 'users[5]', message: expect.stringMatching(/^INVALID_TYPE: /) },
    ]);
    expect(await idp.getUsersByEmail('fine-1@example.com')).toEqual([]);
    expect(await t.prisma.userImportJob.count()).toBe(jobsBefore);
  });

  it('refuses bad options, connection ids, unsupported connections and malformed bodies', async () => {
    const users = [{ email: 'opt@example.com' }];
    const connectionIdRefused = expectErrorBody(await postImport(t, { users, connection_id: 'con_DevelopmentUser1' }), 400, 'validation_failed');
    expect(connectionIdRefused.details).toEqual([{ path: 'connection_id', message: 'connection_id is not accepted: name the connection with "connection"' }]);
    const { payload, headers } = await form(users, { connection_id: 'con_DevelopmentUser1' });
    expectErrorBody(await t.admin({ method: 'POST', url: '/users/import', payload, headers }), 400, 'validation_failed');
    expectErrorBody(await postImport(t, { users, connection: HIDDEN }), 400, 'unsupported_connection');
    expectErrorBody(await postImport(t, { users, upsert: 'yes' }), 400, 'validation_failed');
    expectErrorBody(await postImport(t, { users: [] }), 400, 'validation_failed');
    expectErrorBody(await postImport(t, { users: { email: 'a@example.com' } }), 400, 'validation_failed');
    expectErrorBody(await postImport(t, [{ email: 'a@example.com' }]), 400, 'validation_failed');
    expectErrorBody(await postImport(t, { users, colour: 'blue' }), 400, 'validation_failed');
    expectErrorBody(await postImport(t, { users: [{ email: 'big@example.com', user_metadata: { note: 'x'.repeat(MAX_CHUNK) } }] }), 400, 'user_too_large');

    const badBoolean = await form(users, { upsert: 'maybe' });
    expectErrorBody(await t.admin({ method: 'POST', url: '/users/import', ...badBoolean }), 400, 'validation_failed');
    const badJson = await form('[{"email": ');
    expectErrorBody(await t.admin({ method: 'POST', url: '/users/import', ...badJson }), 400, 'invalid_json');
    const wrongField = await form(users, {}, 'file');
    expectErrorBody(await t.admin({ method: 'POST', url: '/users/import', ...wrongField }), 400, 'validation_failed');
    expect(await idp.getUsersByEmail('opt@example.com')).toEqual([]);
  });

  it('takes bodies up to 50 MiB on this route only and answers 413 beyond', async () => {
    const huge = Buffer.alloc(50 * 1024 * 1024 + 10, 0x20);
    expectErrorBody(await t.admin({ method: 'POST', url: '/users/import', payload: huge, headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
    const file = await form(huge.toString());
    expectErrorBody(await t.admin({ method: 'POST', url: '/users/import', ...file }), 413);
    // Two megabytes are fine here (checked, then refused for their content) but too much elsewhere.
    const twoMegabytes = JSON.stringify({ users: [{ email: 'a@example.com', user_metadata: { blob: 'x'.repeat(2 * 1024 * 1024) } }] });
    expectErrorBody(await t.admin({ method: 'POST', url: '/users/import', payload: twoMegabytes, headers: { 'content-type': 'application/json' } }), 400, 'user_too_large');
    expectErrorBody(await t.admin({ method: 'POST', url: '/users', payload: twoMegabytes, headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
  });

  it('waits and retries while the provider answers 429 (its 2 running jobs are taken by someone else)', async () => {
    const tracker = new ProviderJobTracker();
    tracker.watch(idp);
    // Another client of the tenant runs 2 long import jobs: the tenant's limit is reached.
    const outside = await Promise.all(['x', 'y'].map((tag) => idp.createImportJob({ connectionId: 'con_DevelopmentUser1', users: Buffer.from(JSON.stringify(people(`outside-${tag}`, 400))) })));
    const res = await postImport(t, { users: people('busy', 30), connection: PARTNERS });
    const job = await importFinished(t, res.json().id);
    expect(job.summary).toEqual({ inserted: 30, updated: 0, failed: 0, total: 30 });
    expect(tracker.busyAnswers).toBeGreaterThan(0);
    expect(job.chunks.every((c) => c.status === 'completed' && c.attempts === 1)).toBe(true);
    // Nothing of ours started before one of the other jobs had finished.
    const firstSubmission = Math.min(...job.chunks.map((c) => Date.parse(c.submitted_at as string)));
    const finished = await (setup.tenant ?? t).prisma.localImportJob.findMany({ where: { id: { in: outside.map((o) => o.id) } }, select: { completedAt: true } });
    expect(Math.min(...finished.map((f) => f.completedAt?.getTime() ?? Infinity))).toBeLessThanOrEqual(firstSubmission);
  });

  it('retries a provider failure, fails a chunk the provider refuses, and reports the failure', async () => {
    const create = idp.createImportJob.bind(idp);
    let unavailable = 1;
    // The first chunk meets an outage once; the provider refuses the last chunk's file outright.
    jest.spyOn(idp, 'createImportJob').mockImplementation(async (input) => {
      const file = input.users.toString('utf8');
      if (file.includes('"flaky-0@') && unavailable-- > 0) throw new IdentityError(503, 'upstream_unavailable', 'Auth0 is unavailable');
      if (file.includes('"flaky-59@')) throw new IdentityError(400, 'invalid_body', 'The file is not acceptable');
      return create(input);
    });
    const users = people('flaky', 60);
    expect(chunksOf(users)).toBeGreaterThan(2);
    const res = await postImport(t, { users });
    const job = await importFinished(t, res.json().id);
    expect(job.status).toBe('failed');
    const last = job.chunks[job.chunks.length - 1];
    expect(job.chunks[0]).toMatchObject({ status: 'completed', attempts: 2 });
    expect(last).toMatchObject({ status: 'failed', attempts: 1, error: 'The file is not acceptable', summary: { inserted: 0, updated: 0, failed: last.users, total: last.users } });
    expect(job.chunks.filter((c) => c.status === 'failed')).toHaveLength(1);
    expect(job.summary).toEqual({ inserted: 60 - last.users, updated: 0, failed: last.users, total: 60 });
  });

  it('submits again a chunk whose submission a dead process left unanswered', async () => {
    const res = await postImport(t, { users: people('orphan', 3), upsert: true });
    const id = res.json().id;
    await importFinished(t, id);
    // As if a process had died between claiming the chunk and hearing from the provider.
    await t.prisma.userImportChunk.updateMany({ where: { jobId: id }, data: { status: 'submitting', providerJobId: null, completedAt: null } });
    await t.prisma.userImportJob.update({ where: { id }, data: { status: 'processing', completedAt: null } });
    await t.prisma.userImportChunk.updateMany({ where: { jobId: id }, data: { file: await fileOf(id) } });
    const job = await importFinished(t, id);
    expect(job.status).toBe('completed');
    expect(job.chunks[0]).toMatchObject({ status: 'completed', provider_job_id: expect.any(String), interrupted_submissions: 1 });
  });

  it('ran the provider jobs through the provider under test', () => {
    if (provider.kind === 'local') return expect(setup.requests).toEqual([]);
    expect(setup.requests).toEqual(expect.arrayContaining(['/local-tenant/api/v2/jobs/users-imports']));
    expect(setup.requests.some((p) => /^\/local-tenant\/api\/v2\/jobs\/job_[A-Za-z0-9]+\/errors$/.test(p))).toBe(true);
  });

  it('answers 404 for unknown jobs and needs the jobs scopes', async () => {
    expectErrorBody(await t.admin({ method: 'GET', url: '/users/import/status/00000000-0000-4000-8000-000000000000' }), 404, 'import_job_not_found');
    expectErrorBody(await t.admin({ method: 'GET', url: '/users/import/status/job_AAAAAAAAAAAAAAAA/errors' }), 404, 'import_job_not_found');
    const key = (await t.admin({ method: 'POST', url: '/admin/api-keys', payload: { name: `import-reader-${provider.kind}`, scopes: ['jobs:read', 'users:write'] } })).json().key as string;
    expectErrorBody(await t.inject({ method: 'POST', url: '/users/import', payload: { users: [{ email: 'a@example.com' }] }, headers: { 'x-api-key': key } }), 403, 'insufficient_scope');
    const any = (await t.prisma.userImportJob.findFirstOrThrow()).id;
    expect((await t.inject({ method: 'GET', url: `/users/import/status/${any}`, headers: { 'x-api-key': key } })).statusCode).toBe(200);
    expect((await importStatus(t, any)).id).toBe(any);
  });

  /** The encrypted file of a finished chunk is gone; rebuild one for the orphan test. */
  async function fileOf(id: string): Promise<string> {
    return t.app.get(EncryptionService).encrypt(JSON.stringify(people('orphan', 3)), chunkFileContext(id, 0));
  }
});
