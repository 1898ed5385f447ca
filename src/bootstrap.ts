import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory';
import { AppConfig } from './config/config.loader';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './database/embedded-postgres';
import { applyMigrations } from './database/migrations';

export interface RunningService {
  app: NestFastifyApplication;
  url: string;
  databaseUrl: string;
  embedded: EmbeddedPostgresHandle | null;
  stop(): Promise<void>;
}

/** Resolves the database (embedded when DATABASE_URL is unset), migrates it, and serves the app. */
export async function startService(config: AppConfig, log: (message: string) => void): Promise<RunningService> {
  let embedded: EmbeddedPostgresHandle | null = null;
  let databaseUrl = config.env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: config.env.DATA_DIR, database: 'gateway' });
    databaseUrl = embedded.url;
    log(`embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${config.env.DATA_DIR}/postgres${embedded.owned ? '' : ' (already running)'}`);
  }
  let app: NestFastifyApplication | undefined;
  try {
    const applied = await applyMigrations(databaseUrl, undefined, log);
    if (applied.length === 0) log('database schema is up to date');
    app = await createApp({ config, databaseUrl });
    app.enableShutdownHooks([]);
    await app.listen({ port: config.env.PORT, host: config.env.HOST });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.env.PORT;
  const running = app;
  return {
    app: running,
    url: `http://localhost:${port}`,
    databaseUrl,
    embedded,
    async stop() {
      await running.close();
      await embedded?.stop();
    },
  };
}
