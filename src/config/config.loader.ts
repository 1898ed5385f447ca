import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEVELOPMENT_CONFIG, DEVELOPMENT_GENERATED_VARIABLES } from './development-config';
import { interpolate, InterpolationProblem } from './interpolate';
import { EnvConfig, envSchema } from './schema/env.schema';
import { ServiceConfig, serviceConfigSchema } from './schema/service-config.schema';

export interface AppConfig {
  env: EnvConfig;
  service: ServiceConfig;
  /** Where the service configuration came from, for the start-up banner. */
  source: string;
  /** Secrets generated at start because their variable was unset (development configuration only). */
  generated: Record<string, string>;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}

function zodProblems(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const unknown = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => (path ? `${path}.${k}` : k)) : null;
    if (unknown) return unknown.map((k) => `${prefix}${k}: unknown key`).join('\n  - ');
    return `${prefix}${path || '(root)'}: ${issue.message}`;
  });
}

function readDocument(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  const ext = extname(path).toLowerCase();
  try {
    return ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(path, [`cannot parse ${ext === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`]);
  }
}

/**
 * Loads and validates the whole configuration once: environment variables plus the service
 * configuration document. Every problem is collected, so a broken file is fixed in one go.
 */
export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): AppConfig {
  const envResult = envSchema.safeParse(rawEnv);
  const problems: string[] = envResult.success ? [] : zodProblems(envResult.error, 'env ');
  const configPath = rawEnv.CONFIG_PATH?.trim() ? resolve(rawEnv.CONFIG_PATH.trim()) : undefined;
  const source = configPath ?? 'built-in development configuration';

  const generated: Record<string, string> = {};
  const interpolationEnv: NodeJS.ProcessEnv = { ...rawEnv };
  let document: unknown;
  if (configPath) {
    try {
      document = readDocument(configPath);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(source, [`cannot read ${configPath}: ${(error as Error).message}`]);
    }
  } else {
    document = DEVELOPMENT_CONFIG;
    for (const name of DEVELOPMENT_GENERATED_VARIABLES) {
      if (!rawEnv[name]?.trim()) {
        generated[name] = randomBytes(18).toString('base64url');
        interpolationEnv[name] = generated[name];
      }
    }
  }

  const interpolationProblems: InterpolationProblem[] = [];
  const interpolated = interpolate(document ?? {}, interpolationEnv, interpolationProblems);
  problems.push(...interpolationProblems.map((p) => `${p.path}: ${p.message}`));

  const serviceResult = serviceConfigSchema.safeParse(interpolated);
  if (!serviceResult.success) problems.push(...zodProblems(serviceResult.error));
  if (problems.length > 0 || !envResult.success || !serviceResult.success) throw new ConfigError(source, problems);

  const env = { ...envResult.data };
  if (generated.ADMIN_API_KEY) env.ADMIN_API_KEY = generated.ADMIN_API_KEY;
  return { env, service: serviceResult.data, source, generated };
}
