import { Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../../common/errors/api-error';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';

/** A configured log stream as the service keeps it: the token only as its SHA-256. */
export interface LogStream {
  name: string;
  tenant?: string;
  bodyLimitBytes: number;
}

interface RegisteredStream extends LogStream {
  tokenHash: Buffer;
}

const HASHED_TOKEN = /^sha256:([0-9a-f]{64})$/i;

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * The log streams of the configuration. Tokens are hashed at start and the plain values are replaced
 * in the configuration object by their `sha256:` form, so no plain token stays in memory; a presented
 * Authorization header is hashed and compared in constant time.
 */
@Injectable()
export class LogStreamRegistry {
  private readonly streams = new Map<string, RegisteredStream>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    for (const stream of config.service.logStreams.streams) {
      const hashed = HASHED_TOKEN.exec(stream.token);
      const tokenHash = hashed ? Buffer.from(hashed[1], 'hex') : sha256(stream.token);
      stream.token = `sha256:${tokenHash.toString('hex')}`;
      this.streams.set(stream.name, { name: stream.name, tenant: stream.tenant, bodyLimitBytes: stream.bodyLimitBytes, tokenHash });
    }
  }

  /** The largest body limit of any stream. */
  get largestBodyLimit(): number {
    return Math.max(0, ...[...this.streams.values()].map((s) => s.bodyLimitBytes));
  }

  find(name: string): LogStream | undefined {
    const stream = this.streams.get(name);
    return stream && { name: stream.name, tenant: stream.tenant, bodyLimitBytes: stream.bodyLimitBytes };
  }

  /** The stream `name` if `authorization` is its token: 404 for an unknown stream, 401 for a wrong or missing token. */
  authenticate(name: string, authorization: string | undefined): LogStream {
    const stream = this.streams.get(name);
    if (!stream) throw ApiError.notFound('log_stream_not_found', `There is no log stream named "${name}".`);
    const presented = sha256(authorization ?? '');
    if (!authorization || !timingSafeEqual(presented, stream.tokenHash)) {
      throw ApiError.unauthorized('invalid_stream_token', 'The Authorization header is not the token of this log stream.');
    }
    return { name: stream.name, tenant: stream.tenant, bodyLimitBytes: stream.bodyLimitBytes };
  }
}
