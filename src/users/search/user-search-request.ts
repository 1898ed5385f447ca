import { createParamDecorator, ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../common/errors/api-error';
import { createValidationPipe } from '../../common/errors/validation';
import { ListUsersQueryDto } from '../dto/list-users-query.dto';
import type { MetadataFilter } from './user-search-query';

const METADATA_PREFIX = 'app_metadata.';
const MAX_METADATA_PATHS = 20;
const MAX_METADATA_VALUES = 50;
const MAX_VALUE_LENGTH = 512;

/** `GET /users`'s query string: the fixed parameters, and the `app_metadata.<path>` filters. */
export interface UserSearchRequest {
  query: ListUsersQueryDto;
  appMetadata: MetadataFilter[];
}

/** The raw query string of the request, for UserSearchRequestPipe (whose names are not all known in advance). */
export const UserSearchQuery = createParamDecorator((_data: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<FastifyRequest>().query);

const invalid = (path: string, message: string) => ApiError.badRequest('validation_failed', `Request validation failed: ${path} ${message}`, [{ path, message }]);

/**
 * Reads `GET /users`'s query string: `app_metadata.<path>` parameters become metadata filters (each
 * path's repeated values are alternatives), the rest is validated as ListUsersQueryDto by the same
 * rules and error body as every other request.
 */
@Injectable()
export class UserSearchRequestPipe implements PipeTransform<unknown, Promise<UserSearchRequest>> {
  private readonly validation = createValidationPipe();

  async transform(raw: unknown): Promise<UserSearchRequest> {
    const fixed: Record<string, unknown> = {};
    const appMetadata: MetadataFilter[] = [];
    for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
      if (!key.startsWith(METADATA_PREFIX)) {
        fixed[key] = value;
        continue;
      }
      const values = Array.isArray(value) ? value : [value];
      if (values.length > MAX_METADATA_VALUES) throw invalid(key, `has more than ${MAX_METADATA_VALUES} values`);
      if (values.some((v) => typeof v !== 'string' || v.length === 0 || v.length > MAX_VALUE_LENGTH)) {
        throw invalid(key, `values must be 1 to ${MAX_VALUE_LENGTH} characters`);
      }
      appMetadata.push({ path: key.slice(METADATA_PREFIX.length), values: values as string[] });
    }
    if (appMetadata.length > MAX_METADATA_PATHS) throw invalid(METADATA_PREFIX, `filters on more than ${MAX_METADATA_PATHS} paths`);
    const query = (await this.validation.transform(fixed, { type: 'query', metatype: ListUsersQueryDto })) as ListUsersQueryDto;
    return { query, appMetadata };
  }
}
