/**
 * Three layers: unit (pure, no services), integration (DynamoDB Local), e2e (HTTP against
 * serverless offline + DynamoDB Local). The global setup starts the local stack on free loopback
 * ports once for the run, and stops it after; FLOW_TEST_STACK=none skips it for unit-only runs.
 */
const tsJest = 'ts-jest';
const common = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest } };

module.exports = {
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  transform: { '^.+\\.ts$': tsJest },
  maxWorkers: 2,
  // e2e tests go through serverless offline, whose first call to each function pays a cold start (seconds on a loaded machine).
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.test.ts'], slowTestThreshold: 15 },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'], slowTestThreshold: 30 },
  ],
};
