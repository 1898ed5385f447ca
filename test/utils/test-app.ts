import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/config.loader';
import { PrismaService } from '../../src/database/prisma.service';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const TEST_DEMO_PASSWORD = 'Demo-Passw0rd!';

/** Environment every test app starts from; a suite overrides what it needs. */
export function testEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    LOG_LEVEL: 'silent',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    DEMO_PASSWORD: TEST_DEMO_PASSWORD,
    LOG_STREAM_TOKEN: 'test-log-stream-token-0123456789',
    LOCAL_TENANT_M2M_SECRET: 'test-m2m-secret-0123456789',
    ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    PUBLIC_URL: 'http://localhost:8080',
    REDIS_URL: undefined,
    NATS_URL: undefined,
    ...overrides,
  };
}

/** Writes a service configuration document to a temporary file and returns its path (for CONFIG_PATH). */
export function writeConfigFile(document: unknown, extension: '.json' | '.yaml' = '.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'agw-config-'));
  const path = join(dir, `config${extension}`);
  writeFileSync(path, extension === '.json' ? JSON.stringify(document, null, 2) : String(document));
  return path;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  database: TestDatabase;
  prisma: PrismaService;
  /** Log lines written by the app (JSON strings), when created with captureLogs. */
  logs: string[];
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Same as inject, with the bootstrap admin key. */
  admin(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string | undefined>;
  /** A service configuration document; the built-in development configuration when omitted. */
  configDocument?: unknown;
  /** Reuse a database (e.g. to restart an app on the same data) instead of cloning a new one. */
  database?: TestDatabase;
  captureLogs?: boolean;
}

/** Boots the real application (Fastify, real Postgres) exactly as `npm start` does, on its own database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const env = testEnv(options.env);
  if (options.configDocument !== undefined) env.CONFIG_PATH = writeConfigFile(options.configDocument);
  const config = loadConfig(env);
  const database = options.database ?? (await createTestDatabase());
  const logs: string[] = [];
  const logDestination = options.captureLogs
    ? new Writable({
        write(chunk: Buffer, _enc, done) {
          logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          done();
        },
      })
    : undefined;
  const app = await createApp({ config, databaseUrl: database.url, logDestination: logDestination as never });
  const inject = (opts: InjectOptions) => app.inject(opts) as unknown as Promise<LightMyRequestResponse>;
  return {
    app,
    config,
    database,
    prisma: app.get(PrismaService),
    logs,
    inject,
    admin: (opts: InjectOptions) => inject({ ...opts, headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, ...(opts.headers ?? {}) } }),
    async close() {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}

/** Asserts the documented error body and returns it. */
export function expectErrorBody(response: LightMyRequestResponse, status: number, errorCode?: string): Record<string, unknown> {
  const body = response.json() as Record<string, unknown>;
  expect(response.statusCode).toBe(status);
  expect(body).toEqual(
    expect.objectContaining({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
      errorCode: errorCode ?? expect.any(String),
      requestId: response.headers['x-request-id'],
    }),
  );
  return body;
}
