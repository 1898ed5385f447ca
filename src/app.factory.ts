import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { applyRouteBodyLimits } from './common/http/body-limit';
import { createValidationPipe } from './common/errors/validation';
import { MetricsService } from './health/metrics.service';
import { setupOpenApi } from './openapi';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours a well-formed incoming x-request-id, otherwise generates one. */
function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  // The logger middleware sees the raw request; give it the same id.
  (req as IncomingMessage & { id?: string }).id = id;
  return id;
}

export type CreateAppOptions = AppModuleOptions;

/** Builds the application exactly as `npm start` runs it; tests and benchmarks use the same path. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    genReqId: requestId,
    requestIdHeader: false,
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    // Path parameters such as Auth0 user ids of enterprise connections can be long.
    routerOptions: { maxParamLength: 512 },
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.useGlobalPipes(createValidationPipe());

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyCookie);
  // Multipart bodies are read only by the routes that ask for them, with their own limits.
  await fastify.register(fastifyMultipart, { limits: { fileSize: 1024 * 1024, files: 1, fields: 20, fieldSize: 64 * 1024 } });
  applyRouteBodyLimits(fastify);

  const metrics = app.get(MetricsService);
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  setupOpenApi(app);
  await app.init();
  await fastify.ready();
  return app;
}
