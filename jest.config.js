/**
 * Jest 30 runs in native ESM mode (see package.json `test:jest`): Nest 12 is ESM-only and
 * Jest's CommonJS module system cannot require() ESM on Node 20.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/sample-app'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': swc,
    // light-my-request (Fastify inject) requires the ESM-only cookie@2; @fastify/static (under
    // Mercurius) requires the ESM-only content-disposition@2.
    '/node_modules/(cookie|content-disposition)/.+\\.js$': swc,
  },
  transformIgnorePatterns: ['^(?!.*/node_modules/(cookie|content-disposition)/).*/node_modules/'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The sample app imports the package by name, as users do; its tests run it from source.
    '^nestjs-segment$': '<rootDir>/lib/index.ts',
    '^nestjs-segment/testing$': '<rootDir>/lib/testing/index.ts',
    '^nestjs-segment/core$': '<rootDir>/lib/core/index.ts',
  },
  setupFiles: ['<rootDir>/test/support/fast-check-seed.ts'],
  testTimeout: 20000,
};
