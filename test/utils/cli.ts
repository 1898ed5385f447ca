import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { testEnv } from './test-app';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm run cli -- …`) against a test database; `npm test` builds dist/ first. */
export function runCli(args: string[], options: { databaseUrl: string; env?: Record<string, string | undefined>; input?: string }): Promise<CliResult> {
  const env = { ...process.env, ...testEnv({ DATABASE_URL: options.databaseUrl, ...options.env }) } as NodeJS.ProcessEnv;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
