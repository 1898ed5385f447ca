import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IdentityError } from '../../identity/identity.error';
import { MAX_IMPORT_FILE_BYTES } from '../../identity/import-file';

/** Route config key marking the facade's routes that read their body themselves. */
const FACADE_BODY_ROUTE = 'localTenantFacadeBody';
/** Media type the body of those routes is parsed as (raw bytes), whatever the client declared. */
const FACADE_BODY_MEDIA_TYPE = 'application/x-local-tenant-facade-body';
/** Room for an import file a little over Auth0's limit, so that the facade answers that 413 itself. */
const FACADE_BODY_LIMIT = 4 * MAX_IMPORT_FILE_BYTES;

const declaredTypes = new WeakMap<FastifyRequest, string>();

/** Marks a facade route whose body is read with `readFacadeBody`. */
export const FacadeBody = () => RouteConfig({ [FACADE_BODY_ROUTE]: true });

/** A request body of the facade: form fields, JSON members, multipart fields and files. */
export interface FacadeBodyContent {
  fields: Record<string, unknown>;
  files: Map<string, Buffer>;
}

/**
 * How the facade reads bodies, without touching any other route: Auth0's APIs take forms, JSON and
 * multipart uploads and answer bad bodies in their own error format, so the marked routes receive
 * the raw bytes (under a private media type, as Fastify picks parsers by content type only) and
 * parse them with `readFacadeBody`. Other routes keep the service's parsers.
 */
@Injectable()
export class FacadeBodyParsing implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addContentTypeParser(FACADE_BODY_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit: FACADE_BODY_LIMIT }, (_request, body, done) => done(null, body));
    fastify.addHook('preParsing', async (request, _reply, payload) => {
      const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
      const declared = request.headers['content-type'];
      if (!config?.[FACADE_BODY_ROUTE] || declared === undefined) return payload;
      declaredTypes.set(request, declared);
      request.headers['content-type'] = FACADE_BODY_MEDIA_TYPE;
      return payload;
    });
  }
}

/**
 * Parses the body of a marked route: `application/x-www-form-urlencoded` (first value of each
 * field), `application/json` (an object) or `multipart/form-data`. Anything else, or a body that
 * does not parse, is a 400 with `errorCode`.
 */
export async function readFacadeBody(request: FastifyRequest, errorCode: string): Promise<FacadeBodyContent> {
  const raw = request.body;
  const declared = declaredTypes.get(request) ?? '';
  const content: FacadeBodyContent = { fields: {}, files: new Map() };
  if (!Buffer.isBuffer(raw) || raw.length === 0) return content;
  const mediaType = declared.split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(raw.toString('utf8'))) if (!(name in content.fields)) content.fields[name] = value;
    return content;
  }
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new IdentityError(400, errorCode, 'Invalid request payload JSON format');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new IdentityError(400, errorCode, 'The request body must be a JSON object');
    content.fields = parsed as Record<string, unknown>;
    return content;
  }
  if (mediaType === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(raw), { headers: { 'content-type': declared } }).formData();
    } catch {
      throw new IdentityError(400, errorCode, 'Invalid multipart/form-data body');
    }
    for (const [name, value] of form) {
      if (typeof value === 'string') content.fields[name] = value;
      else content.files.set(name, Buffer.from(await value.arrayBuffer()));
    }
    return content;
  }
  throw new IdentityError(400, errorCode, `Unsupported content type: ${mediaType || 'none'}`);
}

/** The query string of a facade request (the facade reads its parameters itself, as Auth0 names them). */
export function queryOf(request: FastifyRequest): Record<string, unknown> {
  return (request.query ?? {}) as Record<string, unknown>;
}
