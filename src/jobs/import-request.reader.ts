import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../common/errors/api-error';
import { createValidationPipe } from '../common/errors/validation';
import { ImportOptionsDto } from './dto/import-users.dto';

/** Largest `POST /users/import` body (JSON, or the multipart file): about 250,000 typical users. */
export const MAX_IMPORT_REQUEST_BYTES = 50 * 1024 * 1024;

/** An import request once read: the users (checked later, one by one) and the validated options. */
export interface ImportInput {
  users: unknown[];
  options: ImportOptionsDto;
}

const BOOLEAN_FIELDS = new Set(['upsert', 'send_completion_email']);

const invalid = (path: string, message: string) => ApiError.badRequest('validation_failed', `Request validation failed: ${message}`, [{ path, message }]);

/**
 * Reads `POST /users/import` in either of its forms: a JSON body `{users: [...], connection?, …}`,
 * or a multipart form with the users as a JSON array file (field `users`) and the options as
 * fields, as Auth0's SDKs send an import. The options are validated like any request body; the
 * users only have to be a non-empty array here.
 */
@Injectable()
export class ImportRequestReader {
  private readonly validation = createValidationPipe();

  async read(request: FastifyRequest): Promise<ImportInput> {
    const raw = request.isMultipart() ? await this.readMultipart(request) : this.readJson(request.body);
    const { users, ...options } = raw;
    if (!Array.isArray(users) || users.length === 0) throw invalid('users', 'users must be a non-empty array of users');
    const validated = (await this.validation.transform(options, { type: 'body', metatype: ImportOptionsDto })) as ImportOptionsDto;
    return { users, options: validated };
  }

  private readJson(body: unknown): Record<string, unknown> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw invalid('', 'the body must be a JSON object {users: [...], connection?, upsert?, external_id?, send_completion_email?} or a multipart form');
    }
    return body as Record<string, unknown>;
  }

  private async readMultipart(request: FastifyRequest): Promise<Record<string, unknown>> {
    const fields: Record<string, unknown> = {};
    let users: unknown;
    for await (const part of request.parts({ limits: { fileSize: MAX_IMPORT_REQUEST_BYTES, files: 1, fields: 10, fieldSize: 1024 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'users') {
          await part.toBuffer();
          throw invalid(part.fieldname, `unexpected file "${part.fieldname}": the users file goes in the field "users"`);
        }
        users = parseUsersFile(await part.toBuffer());
      } else {
        const value = String(part.value);
        fields[part.fieldname] = BOOLEAN_FIELDS.has(part.fieldname) ? parseBooleanField(part.fieldname, value) : value;
      }
    }
    if (users === undefined) throw invalid('users', 'the form has no users file (field "users")');
    return { ...fields, users };
  }
}

function parseUsersFile(file: Buffer): unknown {
  try {
    return JSON.parse(file.toString('utf8'));
  } catch (error) {
    throw ApiError.badRequest('invalid_json', `The users file is not valid JSON: ${(error as Error).message}`);
  }
}

/** Form fields are text: `true` / `false`, as Auth0's SDKs send booleans. */
function parseBooleanField(name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(name, `${name} must be true or false`);
}
