import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import type { ImportJob } from '../../src/identity/identity.types';
import { LocalImportJobs } from '../../src/local-tenant/import/local-import-jobs';
import { LocalImportJobsService } from '../../src/local-tenant/import/local-import-jobs.service';
import { identityFailure } from '../utils/identity-errors';
import { createTestApp, TestApp } from '../utils/test-app';

const CONNECTION_ID = 'con_DevelopmentUser1';
// bcrypt (cost 4) of "Imported-Passw0rd", computed once.
const BCRYPT = '$2b$04$9OyqzYmQeV34O/qmCJgdPOowjT0JUcD0pu53BzzIpD4OaQrfGQr4C';
const PBKDF2 = '$pbkdf2-sha256$i=100000,l=32$c2FsdHNhbHQ$dGhpcyBpcyBub3QgYSByZWFsIGhhc2ggYnV0IG9r';

const file = (users: unknown) => Buffer.from(JSON.stringify(users));

const rejection = identityFailure;

describe('local tenant import jobs (e2e)', () => {
  let t: TestApp;
  let jobs: LocalImportJobs;

  async function finished(id: string, timeoutMs = 20_000): Promise<ImportJob> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await jobs.get(id);
      if (job.status === 'completed' || job.status === 'failed') return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function runImport(users: unknown, options: { upsert?: boolean } = {}): Promise<ImportJob> {
    const job = await jobs.create({ connectionId: CONNECTION_ID, users: file(users), ...options });
    return finished(job.id);
  }

  beforeAll(async () => {
    // Small batches, so that a job stays running long enough to observe the concurrency limit.
    t = await createTestApp({ configDocument: { ...DEVELOPMENT_CONFIG, localTenant: { ...DEVELOPMENT_CONFIG.localTenant, importJobs: { batchSize: 5 } } } });
    jobs = t.app.get(LocalImportJobs);
  });
  afterAll(() => t.close());

  it('imports users in the background and reports the summary', async () => {
    const created = await jobs.create({ connectionId: CONNECTION_ID, users: file([
      { email: 'Ada@Example.com', email_verified: true, user_id: '5F1B2C3D4E5F60718293A4B5', given_name: 'Ada', app_metadata: { plan: 'pro' }, password_hash: BCRYPT },
      { email: 'grace@example.com', username: 'grace', user_metadata: { theme: 'dark' }, custom_password_hash: { algorithm: 'pbkdf2', hash: { value: PBKDF2, encoding: 'utf8' } } },
      { email: 'linus@example.com', user_id: 'legacy-42', blocked: true },
    ]), externalId: 'batch-1' });
    expect(created).toEqual({ id: expect.stringMatching(/^job_[A-Za-z0-9]{16}$/), type: 'users_import', status: 'pending', connection_id: CONNECTION_ID, connection: 'Username-Password-Authentication', external_id: 'batch-1', created_at: expect.any(String) });

    const job = await finished(created.id);
    expect(job).toMatchObject({ status: 'completed', summary: { inserted: 3, updated: 0, failed: 0, total: 3 } });
    expect(await jobs.errors(created.id)).toEqual([]);

    const ada = await t.prisma.localUser.findUniqueOrThrow({ where: { id: '5f1b2c3d4e5f60718293a4b5' } });
    expect(ada).toMatchObject({ email: 'Ada@Example.com', emailNormalized: 'ada@example.com', emailVerified: true, passwordHash: BCRYPT, appMetadata: { plan: 'pro' }, connection: 'Username-Password-Authentication', connectionId: CONNECTION_ID });
    const grace = await t.prisma.localUser.findFirstOrThrow({ where: { emailNormalized: 'grace@example.com' } });
    expect(grace.id).toMatch(/^[0-9a-f]{24}$/);
    expect(grace).toMatchObject({ usernameNormalized: 'grace', passwordHash: null, customPasswordHash: { algorithm: 'pbkdf2', hash: { value: PBKDF2, encoding: 'utf8' } }, userMetadata: { theme: 'dark' } });
    expect(await t.prisma.localUser.findUniqueOrThrow({ where: { id: 'legacy-42' } })).toMatchObject({ blocked: true, emailNormalized: 'linus@example.com' });
  });

  it('reports invalid users with Auth0 error codes and imports the valid ones', async () => {
    const job = await runImport([
      { email: 'valid-1@example.com' },
      { username: 'no-email' },
      { email: 'not-an-email' },
      { email: 'extra@example.com', favourite_colour: 'blue' },
      { email: 'weak@example.com', password_hash: 'plain-text' },
      { email: 'both@example.com', password_hash: BCRYPT, custom_password_hash: { algorithm: 'bcrypt', hash: { value: BCRYPT } } },
      { email: 'hmac@example.com', custom_password_hash: { algorithm: 'hmac', hash: { value: 'abc', digest: 'sha256' } } },
      { email: 'typed@example.com', blocked: 'yes' },
      42,
    ]);
    expect(job.summary).toEqual({ inserted: 1, updated: 0, failed: 8, total: 9 });
    expect(await jobs.errors(job.id)).toEqual([
      { user: { username: 'no-email' }, errors: [{ code: 'OBJECT_MISSING_REQUIRED_PROPERTY', message: 'Missing required property: email', path: '#/email' }] },
      { user: { email: 'not-an-email' }, errors: [{ code: 'FORMAT', message: "Object didn't pass validation for format email: not-an-email", path: '#/email' }] },
      { user: { email: 'extra@example.com', favourite_colour: 'blue' }, errors: [{ code: 'OBJECT_ADDITIONAL_PROPERTIES', message: 'Additional properties not allowed: favourite_colour', path: '#/favourite_colour' }] },
      { user: { email: 'weak@example.com' }, errors: [{ code: 'PATTERN', message: expect.stringContaining('String does not match pattern'), path: '#/password_hash' }] },
      { user: { email: 'both@example.com' }, errors: [{ code: 'NOT_PASSED', message: 'password_hash and custom_password_hash are mutually exclusive', path: '#/' }] },
      { user: { email: 'hmac@example.com' }, errors: [{ code: 'ANY_OF_MISSING', message: "Data does not match any schemas from 'anyOf'", path: '#/custom_password_hash' }] },
      { user: { email: 'typed@example.com', blocked: 'yes' }, errors: [{ code: 'INVALID_TYPE', message: 'Expected type boolean but found type string', path: '#/blocked' }] },
      { user: { value: 42 }, errors: [{ code: 'INVALID_TYPE', message: 'Expected type object but found type integer', path: '#/' }] },
    ]);
    expect(await t.prisma.localUser.count({ where: { emailNormalized: { in: ['valid-1@example.com', 'both@example.com', 'weak@example.com'] } } })).toBe(1);
  });

  it('updates existing users with upsert and reports them as duplicates without it', async () => {
    await runImport([{ email: 'upsert@example.com', username: 'upsert', given_name: 'Old', app_metadata: { plan: 'free' }, password_hash: BCRYPT }]);
    const before = await t.prisma.localUser.findFirstOrThrow({ where: { emailNormalized: 'upsert@example.com' } });

    const rejected = await runImport([{ email: 'UPSERT@example.com', given_name: 'New' }]);
    expect(rejected.summary).toEqual({ inserted: 0, updated: 0, failed: 1, total: 1 });
    expect(await jobs.errors(rejected.id)).toEqual([
      { user: { email: 'UPSERT@example.com', given_name: 'New' }, errors: [{ code: 'DUPLICATED_USER', message: 'The user already exists and upsert is false', path: '#/email' }] },
    ]);

    const upserted = await runImport([{ email: 'UPSERT@example.com', given_name: 'New', app_metadata: { plan: 'pro' }, email_verified: true }, { email: 'fresh@example.com' }], { upsert: true });
    expect(upserted.summary).toEqual({ inserted: 1, updated: 1, failed: 0, total: 2 });
    const after = await t.prisma.localUser.findUniqueOrThrow({ where: { id: before.id } });
    expect(after).toMatchObject({ givenName: 'New', appMetadata: { plan: 'pro' }, emailVerified: true, username: 'upsert', passwordHash: BCRYPT, email: 'upsert@example.com' });
    expect(await t.prisma.localUser.count({ where: { emailNormalized: 'upsert@example.com' } })).toBe(1);
  });

  it('reports users repeated inside one file and username conflicts', async () => {
    await runImport([{ email: 'owner@example.com', username: 'taken' }]);
    const job = await runImport([
      { email: 'dup@example.com', given_name: 'First' },
      { email: 'DUP@example.com', given_name: 'Second' },
      { email: 'thief@example.com', username: 'Taken' },
      { email: 'twin-a@example.com', username: 'twin' },
      { email: 'twin-b@example.com', username: 'TWIN' },
    ], { upsert: true });
    expect(job.summary).toEqual({ inserted: 2, updated: 0, failed: 3, total: 5 });
    expect((await jobs.errors(job.id)).map((e) => [e.user.email, e.errors[0].code])).toEqual([
      ['DUP@example.com', 'DUPLICATED_USER'],
      ['thief@example.com', 'CONFLICT_USERNAME'],
      ['twin-b@example.com', 'CONFLICT_USERNAME'],
    ]);
    expect(await t.prisma.localUser.findFirstOrThrow({ where: { emailNormalized: 'dup@example.com' } })).toMatchObject({ givenName: 'First' });
  });

  it('rejects a file over 500 KB with 413, a file that is not an array with 400, and an unknown connection', async () => {
    const big = Buffer.from(JSON.stringify([{ email: 'big@example.com', user_metadata: { blob: 'x'.repeat(500 * 1024) } }]));
    expect(await rejection(jobs.create({ connectionId: CONNECTION_ID, users: big }))).toMatchObject({ status: 413 });
    expect(await rejection(jobs.create({ connectionId: CONNECTION_ID, users: file({ email: 'a@example.com' }) }))).toMatchObject({ status: 400, code: 'invalid_body' });
    expect(await rejection(jobs.create({ connectionId: CONNECTION_ID, users: Buffer.from('[{"email": ') }))).toMatchObject({ status: 400, code: 'invalid_body' });
    expect(await rejection(jobs.create({ connectionId: 'con_DoesNotExist0001', users: file([{ email: 'a@example.com' }]) }))).toMatchObject({ status: 400, code: 'inexistent_connection' });
    expect(await rejection(jobs.get('job_0000000000000000'))).toMatchObject({ status: 404, code: 'inexistent_job' });
    expect(await t.prisma.localImportJob.count({ where: { users: { array_contains: [{ email: 'a@example.com' }] } } })).toBe(0);
  });

  it('accepts two running jobs and answers 429 to a third until one has finished', async () => {
    const users = (tag: string) => file(Array.from({ length: 400 }, (_, i) => ({ email: `${tag}-${i}@example.com` })));
    const first = await jobs.create({ connectionId: CONNECTION_ID, users: users('c1') });
    const second = await jobs.create({ connectionId: CONNECTION_ID, users: users('c2') });
    const third = await rejection(jobs.create({ connectionId: CONNECTION_ID, users: users('c3') }));
    expect(third).toMatchObject({ status: 429, message: 'There are 2 active import users jobs, please wait until some of them are finished and try again' });
    expect(await t.prisma.localImportJob.count({ where: { status: { in: ['pending', 'processing'] } } })).toBe(2);

    await finished(first.id, 60_000);
    await finished(second.id, 60_000);
    const retried = await jobs.create({ connectionId: CONNECTION_ID, users: users('c3') });
    expect((await finished(retried.id, 60_000)).summary).toEqual({ inserted: 400, updated: 0, failed: 0, total: 400 });
  }, 120_000);

  it('deletes job data older than 24 hours', async () => {
    const old = await runImport([{ email: 'old-1@example.com' }, { nope: true }]);
    const recent = await runImport([{ email: 'recent@example.com' }]);
    await t.prisma.localImportJob.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });

    const service = jobs as LocalImportJobsService;
    expect(await service.purgeExpired()).toBe(1);
    expect(await rejection(jobs.get(old.id))).toMatchObject({ status: 404 });
    expect(await t.prisma.localImportJobError.count({ where: { jobId: old.id } })).toBe(0);
    expect((await jobs.get(recent.id)).status).toBe('completed');
    // The imported users themselves stay.
    expect(await t.prisma.localUser.count({ where: { emailNormalized: 'old-1@example.com' } })).toBe(1);
  });
});
