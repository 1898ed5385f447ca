#!/usr/bin/env node
// `npm run bench -- <name> [args…]` runs bench/<name>.bench.ts; without a name, lists them.
const { spawnSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const benchDir = join(__dirname, '..', 'bench');
const available = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.log(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}`);
  process.exit(name ? 2 : 0);
}
const result = spawnSync(
  process.execPath,
  ['--enable-source-maps', '-r', 'ts-node/register/transpile-only', join(benchDir, `${name}.bench.ts`), ...args],
  { stdio: 'inherit', env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json') } },
);
process.exit(result.status ?? 1);
