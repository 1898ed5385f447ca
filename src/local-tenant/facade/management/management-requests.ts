import { IdentityError } from '../../../identity/identity.error';
import type { CreateUserInput, ListUsersInput, UpdateUserInput } from '../../../identity/identity.types';

type Kind = 'string' | 'boolean' | 'object' | 'object-or-null';

const CREATE_USER: Record<keyof CreateUserInput, Kind> = {
  connection: 'string',
  email: 'string',
  username: 'string',
  password: 'string',
  email_verified: 'boolean',
  verify_email: 'boolean',
  phone_number: 'string',
  given_name: 'string',
  family_name: 'string',
  name: 'string',
  nickname: 'string',
  picture: 'string',
  blocked: 'boolean',
  user_id: 'string',
  app_metadata: 'object',
  user_metadata: 'object',
};

const UPDATE_USER: Record<keyof UpdateUserInput, Kind> = {
  email: 'string',
  username: 'string',
  password: 'string',
  email_verified: 'boolean',
  given_name: 'string',
  family_name: 'string',
  name: 'string',
  nickname: 'string',
  picture: 'string',
  blocked: 'boolean',
  connection: 'string',
  app_metadata: 'object-or-null',
  user_metadata: 'object-or-null',
};

const payloadError = (message: string, property?: string) =>
  new IdentityError(400, 'invalid_body', `Payload validation error: '${message}'${property ? ` on property ${property}` : ''}.`);

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function checked<T>(body: Record<string, unknown>, schema: Record<string, Kind>): T {
  const unknown = Object.keys(body).filter((key) => !(key in schema));
  if (unknown.length) throw payloadError(`Additional properties not allowed: ${unknown.join(',')}`);
  for (const [key, value] of Object.entries(body)) {
    const kind = schema[key];
    const type = typeName(value);
    const ok = kind === 'object-or-null' ? type === 'object' || type === 'null' : type === kind;
    if (!ok) throw payloadError(`Expected type ${kind === 'object-or-null' ? 'object' : kind} but found type ${type}`, key);
  }
  return body as T;
}

/** The body of `POST /api/v2/users`, with Auth0's payload validation messages. */
export function createUserBody(body: Record<string, unknown>): CreateUserInput {
  const input = checked<CreateUserInput>(body, CREATE_USER);
  if (input.connection === undefined) throw payloadError('Missing required property: connection');
  return input;
}

/** The body of `PATCH /api/v2/users/{id}`: metadata merge at the first level, `null` removes. */
export function updateUserBody(body: Record<string, unknown>): UpdateUserInput {
  return checked<UpdateUserInput>(body, UPDATE_USER);
}

const queryError = (property: string, message: string) => new IdentityError(400, 'invalid_query_string', `Query validation error: '${message}' on property ${property}.`);

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw queryError(name, 'Expected a single value');
  return value;
}

function wholeNumber(query: Record<string, unknown>, name: string): number | undefined {
  const value = single(query, name);
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,9}$/.test(value)) throw queryError(name, `Expected type integer but found type string: ${value}`);
  return Number(value);
}

/** A `true` / `false` parameter of a query string or of a multipart body (where Auth0's SDKs send booleans as text). */
export function booleanParameter(source: Record<string, unknown>, name: string, fallback: boolean, where: 'query' | 'body' = 'query'): boolean {
  const value = single(source, name);
  if (value === undefined || value === '') return fallback;
  if (value !== 'true' && value !== 'false') {
    throw where === 'query' ? queryError(name, `Expected type boolean but found type string: ${value}`) : payloadError(`Expected type boolean but found type string: ${value}`, name);
  }
  return value === 'true';
}

/** `fields` (comma separated) and `include_fields` of the user routes. */
export function fieldSelection(query: Record<string, unknown>): { fields?: string[]; includeFields: boolean } {
  const fields = single(query, 'fields');
  const list = fields?.split(',').map((f) => f.trim()).filter(Boolean);
  return { ...(list && list.length ? { fields: list } : {}), includeFields: booleanParameter(query, 'include_fields', true) };
}

/** The query of `GET /api/v2/users` (search engine v3 only). */
export function listUsersQuery(query: Record<string, unknown>): { input: ListUsersInput; includeTotals: boolean } {
  const engine = single(query, 'search_engine');
  if (engine !== undefined && engine !== 'v3') throw queryError('search_engine', `Only search_engine v3 is supported, not ${engine}`);
  const input: ListUsersInput = { ...fieldSelection(query) };
  const q = single(query, 'q');
  if (q !== undefined && q !== '') input.q = q;
  const page = wholeNumber(query, 'page');
  if (page !== undefined) input.page = page;
  const perPage = wholeNumber(query, 'per_page');
  if (perPage !== undefined) input.perPage = perPage;
  const sort = single(query, 'sort');
  if (sort !== undefined && sort !== '') input.sort = sort;
  return { input, includeTotals: booleanParameter(query, 'include_totals', false) };
}
