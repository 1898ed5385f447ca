import Ajv, { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { IdentityError } from '../identity.error';
import type { ImportJobError } from '../identity.types';
import { importFileTooLarge, MAX_IMPORT_FILE_BYTES } from '../import-file';
import { IMPORT_USER_SCHEMA } from './import-file.schema';

export { MAX_IMPORT_FILE_BYTES };

export type ImportUserProblem = ImportJobError['errors'][number];

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
addFormats(ajv, ['email', 'uri']);
const validateUser = ajv.compile(IMPORT_USER_SCHEMA);

/**
 * Reads an import file: it must be a JSON array of at most 500 KB. The users themselves are checked
 * one by one later (`validateImportUser`), as Auth0 reports invalid users per user, not per file.
 */
export function parseImportFile(file: Buffer): unknown[] {
  if (file.length > MAX_IMPORT_FILE_BYTES) throw importFileTooLarge();
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.toString('utf8'));
  } catch {
    throw new IdentityError(400, 'invalid_body', 'The users file must be valid JSON');
  }
  if (!Array.isArray(parsed)) throw new IdentityError(400, 'invalid_body', 'The users file must contain a JSON array of users');
  if (parsed.length === 0) throw new IdentityError(400, 'invalid_body', 'The users file must contain at least one user');
  return parsed;
}

/** Problems of one user of an import file, with Auth0's codes; empty when the user is valid. */
export function validateImportUser(user: unknown): ImportUserProblem[] {
  if (validateUser(user)) return [];
  const errors = validateUser.errors ?? [];
  // A failed anyOf/oneOf also reports why each alternative failed; Auth0 reports the combinator only.
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  return errors.filter((e) => !combinators.some((prefix) => e.schemaPath.startsWith(prefix))).map(toProblem);
}

function pointer(instancePath: string, property?: string): string {
  return `#${instancePath || '/'}${property !== undefined ? `${instancePath ? '/' : ''}${property}` : ''}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function toProblem(e: ErrorObject): ImportUserProblem {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { code: 'OBJECT_MISSING_REQUIRED_PROPERTY', message: `Missing required property: ${p.missingProperty}`, path: pointer(e.instancePath, String(p.missingProperty)) };
    case 'additionalProperties':
      return { code: 'OBJECT_ADDITIONAL_PROPERTIES', message: `Additional properties not allowed: ${p.additionalProperty}`, path: pointer(e.instancePath, String(p.additionalProperty)) };
    case 'type':
      return { code: 'INVALID_TYPE', message: `Expected type ${p.type} but found type ${typeOf(e.data)}`, path: pointer(e.instancePath) };
    case 'format':
      return { code: 'FORMAT', message: `Object didn't pass validation for format ${p.format}: ${String(e.data)}`, path: pointer(e.instancePath) };
    case 'pattern':
      return { code: 'PATTERN', message: `String does not match pattern ${p.pattern}`, path: pointer(e.instancePath) };
    case 'enum':
    case 'const':
      return { code: 'ENUM_MISMATCH', message: `No enum match for: ${JSON.stringify(e.data)}`, path: pointer(e.instancePath) };
    case 'minLength':
      return { code: 'MIN_LENGTH', message: `String is too short (${String(e.data).length} chars), minimum ${p.limit}`, path: pointer(e.instancePath) };
    case 'maxLength':
      return { code: 'MAX_LENGTH', message: `String is too long (${String(e.data).length} chars), maximum ${p.limit}`, path: pointer(e.instancePath) };
    case 'minimum':
      return { code: 'MINIMUM', message: `Value ${String(e.data)} is less than minimum ${p.limit}`, path: pointer(e.instancePath) };
    case 'maximum':
      return { code: 'MAXIMUM', message: `Value ${String(e.data)} is greater than maximum ${p.limit}`, path: pointer(e.instancePath) };
    case 'minItems':
      return { code: 'ARRAY_LENGTH_SHORT', message: `Array is too short, minimum ${p.limit}`, path: pointer(e.instancePath) };
    case 'maxItems':
      return { code: 'ARRAY_LENGTH_LONG', message: `Array is too long, maximum ${p.limit}`, path: pointer(e.instancePath) };
    case 'anyOf':
      return { code: 'ANY_OF_MISSING', message: "Data does not match any schemas from 'anyOf'", path: pointer(e.instancePath) };
    case 'oneOf':
      return p.passingSchemas
        ? { code: 'ONE_OF_MULTIPLE', message: "Data is valid against more than one schema from 'oneOf'", path: pointer(e.instancePath) }
        : { code: 'ONE_OF_MISSING', message: "Data does not match any schemas from 'oneOf'", path: pointer(e.instancePath) };
    case 'not':
      return { code: 'NOT_PASSED', message: 'password_hash and custom_password_hash are mutually exclusive', path: pointer(e.instancePath) };
    default:
      return { code: e.keyword.toUpperCase(), message: e.message ?? 'invalid', path: pointer(e.instancePath) };
  }
}
