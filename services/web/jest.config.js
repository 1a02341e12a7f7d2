// The shared preset, with TSX (server-rendered Preact pages) for SWC and Jest's resolver.
const preset = require('../../jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: require('./package.json').name,
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      require.resolve('@swc/jest'),
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic', importSource: 'preact' } },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Preact's packages resolve to ES modules here: transformed to CommonJS like the preset's jose.
  transformIgnorePatterns: ['/node_modules/(?!(jose|oidc-provider|@prisma/schema-engine-wasm|preact|preact-render-to-string)/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['<rootDir>/**/*.test.ts', '<rootDir>/**/*.test.tsx'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  testTimeout: 60000,
};
