import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { AuthEvent, AuthEventRecorder } from '../../src/common/auth-events/auth-event';

const SCHEMAS = join(__dirname, '..', 'fixtures', 'auth0-log-schemas');
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();

/**
 * Problems of an event against Auth0's published JSON Schema for its type (test/fixtures), as
 * readable strings; empty when it conforms.
 */
export function auth0SchemaProblems(event: AuthEvent): string[] {
  let validate = validators.get(event.type);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, `${event.type}.schema.json`), 'utf8')));
    validators.set(event.type, validate);
  }
  const { type } = event;
  if (validate(event)) return [];
  return (validate.errors ?? []).map((e) => `${type}${e.instancePath} ${e.message}`);
}

export interface CapturedEvents {
  /** Every event recorded since the capture started (or the last clear). */
  all(): AuthEvent[];
  ofType(type: string): AuthEvent[];
  clear(): void;
}

/** Watches what the application's own AuthEventRecorder is given; the recorder still runs. */
export function captureAuthEvents(app: INestApplication): CapturedEvents {
  const spy = jest.spyOn(app.get(AuthEventRecorder), 'record');
  const all = (): AuthEvent[] => spy.mock.calls.flatMap(([events]) => (Array.isArray(events) ? events : [events]) as AuthEvent[]);
  return { all, ofType: (type) => all().filter((e) => e.type === type), clear: () => spy.mockClear() };
}
