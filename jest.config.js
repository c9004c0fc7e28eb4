/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 20000,
  // Two cores: two workers, each test file with its own receivers and temp databases.
  maxWorkers: 2,
  // One real PostgreSQL server for the run (test/helpers/postgres.ts); each suite uses a schema of its own.
  globalSetup: '<rootDir>/test/helpers/postgres-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/postgres-teardown.ts',
};
