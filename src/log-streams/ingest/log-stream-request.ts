import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../common/errors/api-error';
import { decodeBody } from './body-decoder';
import { LogStream, LogStreamRegistry } from './log-stream-registry';

/** Route config key (`@RouteConfig`) marking the route that receives log-stream batches. */
export const LOG_STREAM_BATCH_ROUTE = 'logStreamBatch';
/** Media type the batch route's body is parsed as, whatever the sender declared (see below). */
const BATCH_MEDIA_TYPE = 'application/x-auth0-log-stream-batch';

const authenticated = new WeakMap<FastifyRequest, LogStream>();

/** The stream the request was authenticated for, before its body was read. */
export function authenticatedStream(request: FastifyRequest): LogStream {
  const stream = authenticated.get(request);
  if (!stream) throw ApiError.unauthorized('invalid_stream_token', 'The request was not authenticated with a log stream token.');
  return stream;
}

/**
 * How the batch route reads its body, without changing any other route:
 * - the stream token is checked before a byte of the body is read (no decompression for strangers);
 * - gzip/deflate/br bodies are decoded while they arrive, and the stream's limit (10 MB by default,
 *   above the service's global 1 MB) applies to the decoded size;
 * - the body reaches the handler as raw bytes: JSON Lines arrive as application/json but are not one
 *   JSON document, so the route's content type is switched to a private one with a raw-bytes parser
 *   (Fastify picks parsers by content type only, and the global JSON parser must stay as it is).
 */
@Injectable()
export class LogStreamRequestHooks implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: LogStreamRegistry,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addContentTypeParser(BATCH_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit: Math.max(1, this.registry.largestBodyLimit) }, (_request, body, done) =>
      done(null, body),
    );
    fastify.addHook('preParsing', async (request, _reply, payload) => {
      if (!(request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[LOG_STREAM_BATCH_ROUTE]) return payload;
      const name = (request.params as { name?: string } | undefined)?.name ?? '';
      const stream = this.registry.authenticate(name, request.headers.authorization);
      authenticated.set(request, stream);
      request.headers['content-type'] = BATCH_MEDIA_TYPE;
      return decodeBody(payload, request.headers['content-encoding'], stream.bodyLimitBytes);
    });
  }
}
