import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, ErrorDetail } from './api-error';

function flatten(errors: ValidationError[], parent: string): ErrorDetail[] {
  return errors.flatMap((error) => {
    const path = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** The global validation pipe: strips nothing silently (unknown properties are errors) and lists every problem. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors, '').map((d) => ({ ...d, path: d.path.replace(/^\./, '') }));
      const summary = details.slice(0, 5).map((d) => d.message).join('; ');
      return ApiError.badRequest('validation_failed', `Request validation failed: ${summary}${details.length > 5 ? '; …' : ''}`, details);
    },
  });
}
