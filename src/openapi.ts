import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ADMIN_KEY_BEARER, ADMIN_KEY_HEADER } from './common/admin-auth/auth.decorators';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('auth0-gateway')
    .setDescription(
      'A gateway between applications, internal services and Auth0 (or its built-in local tenant). ' +
        'Every error has the body `ErrorResponseDto`. Admin routes take an admin API key as `Authorization: Bearer <key>` or `x-api-key`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin API key' }, ADMIN_KEY_BEARER)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Admin API key' }, ADMIN_KEY_HEADER)
    .build();
  return SwaggerModule.createDocument(app, config, {
    // Stable operation ids: Controller name without the suffix + method name.
    operationIdFactory: (controllerKey: string, methodKey: string) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/** Swagger UI at /documentation and the JSON document at /documentation/json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('documentation', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'documentation/json',
    yamlDocumentUrl: 'documentation/yaml',
  });
}
