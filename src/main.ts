import 'reflect-metadata';
import { startupBanner } from './banner';
import { startService } from './bootstrap';
import { ConfigError, loadConfig } from './config/config.loader';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const say = (message: string) => process.stdout.write(`${message}\n`);
  const service = await startService(config, say);
  say(startupBanner(config, service.url));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: finishing in-flight requests, then stopping`);
    const timer = setTimeout(() => {
      process.stderr.write(`shutdown took longer than ${config.env.SHUTDOWN_GRACE_MS} ms; exiting\n`);
      process.exit(1);
    }, config.env.SHUTDOWN_GRACE_MS);
    timer.unref();
    service.stop().then(
      () => {
        say('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`error during shutdown: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
