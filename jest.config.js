/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 30000,
  // Most e2e tests wait on child processes (fake zeek, fake zeekctl): one worker per core keeps both busy
  // (on 2 cores: 3m13s instead of about 4m30s), and the tests must hold under that load anyway.
  maxWorkers: '100%',
};
