import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { AdminScope } from './scopes';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_SCOPES = 'auth:scopes';
export const ADMIN_KEY_BEARER = 'adminKey';
export const ADMIN_KEY_HEADER = 'adminKeyHeader';

/** An open route (it may still authenticate its callers itself, e.g. with a session or a stream token). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Guards a route with an admin API key holding every listed scope, and documents it in OpenAPI. */
export const RequireScopes = (...scopes: [AdminScope, ...AdminScope[]]) =>
  applyDecorators(
    SetMetadata(REQUIRED_SCOPES, scopes),
    ApiBearerAuth(ADMIN_KEY_BEARER),
    ApiSecurity(ADMIN_KEY_HEADER),
    ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked admin API key', type: ErrorResponseDto }),
    ApiForbiddenResponse({ description: `The key lacks a required scope (${scopes.join(', ')})`, type: ErrorResponseDto }),
  );
