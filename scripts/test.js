#!/usr/bin/env node
// `npm test`: builds the service (some suites run the compiled app, as `npm start` does), then runs
// Jest. Suites that need Redis (`*.redis.e2e-spec.ts`) or NATS (`*.nats.e2e-spec.ts`) run only when
// REDIS_URL / NATS_URL are set; the ones left out are listed with the reason.
const { spawnSync } = require('node:child_process');
const { readdirSync, readFileSync, rmSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');
const { tmpdir } = require('node:os');

const root = join(__dirname, '..');
const SERVICE_SUITES = [
  { suffix: '.redis.e2e-spec.ts', variable: 'REDIS_URL', service: 'Redis' },
  { suffix: '.nats.e2e-spec.ts', variable: 'NATS_URL', service: 'NATS JetStream' },
];

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  return result.status ?? 1;
}

const build = run(process.execPath, [join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build']);
if (build !== 0) process.exit(build);

const ignore = [];
const leftOut = [];
for (const { suffix, variable, service } of SERVICE_SUITES) {
  if (process.env[variable]) continue;
  ignore.push(suffix.replace(/\./g, '\\.') + '$');
  for (const file of walk(join(root, 'test')).filter((f) => f.endsWith(suffix))) {
    leftOut.push(`${relative(root, file)} (needs ${service}: set ${variable})`);
  }
}

const report = join(tmpdir(), `agw-jest-${process.pid}.json`);
const args = [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${report}`, '--maxWorkers=2', ...process.argv.slice(2)];
if (ignore.length) args.push(`--testPathIgnorePatterns=${ignore.join('|')}`);
const status = run(process.execPath, args, { JEST_RUN_ID: String(process.pid) });

if (leftOut.length) {
  console.log(`\nSuites left out on this machine:\n${leftOut.map((l) => `  - ${l}`).join('\n')}`);
}
try {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  rmSync(report, { force: true });
  console.log(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests + summary.numTodoTests} skipped`);
  if (summary.numTotalTests === 0) {
    console.log('no test ran');
    process.exit(1);
  }
} catch {
  // Jest wrote no report (it crashed); its exit status says so.
}
process.exit(status);
