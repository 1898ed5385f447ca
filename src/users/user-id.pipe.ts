import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';

/** A user id as Auth0 writes them (`provider|id`): 1–255 characters without control characters. */
@Injectable()
export class UserIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    // eslint-disable-next-line no-control-regex
    if (value.length === 0 || value.length > 255 || /[\u0000-\u001f\u007f]/.test(value)) {
      throw ApiError.badRequest('validation_failed', 'Request validation failed: id must be a user id of 1 to 255 characters', [{ path: 'id', message: 'not a user id' }]);
    }
    return value;
  }
}
