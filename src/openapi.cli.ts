import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { loadConfig } from './config/config.loader';
import { buildOpenApiDocument } from './openapi';

export const OPENAPI_FILE = join(__dirname, '..', 'openapi.json');

/**
 * The OpenAPI document of the built-in development configuration, produced without a database: the
 * application is created but not initialised, so no lifecycle hook touches anything.
 */
export async function renderOpenApi(): Promise<string> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DEMO_PASSWORD: 'unused-demo-password',
    LOG_STREAM_TOKEN: 'unused-log-stream-token',
    LOCAL_TENANT_M2M_SECRET: 'unused-m2m-secret',
    ADMIN_API_KEY: 'unused-admin-api-key-000000',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, databaseUrl: 'postgresql://openapi@127.0.0.1:1/none' }),
    new FastifyAdapter(),
    { logger: false, abortOnError: false },
  );
  return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
}

// `npm run openapi` writes openapi.json; `npm run openapi -- --check` fails when it is out of date.
if (require.main === module) {
  renderOpenApi().then(
    (text) => {
      if (process.argv.includes('--check')) {
        const committed = readFileSync(OPENAPI_FILE, 'utf8');
        if (committed !== text) {
          process.stderr.write('openapi.json is out of date: run npm run openapi\n');
          process.exit(1);
        }
        process.stdout.write('openapi.json is up to date\n');
      } else {
        writeFileSync(OPENAPI_FILE, text);
        process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
      }
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
