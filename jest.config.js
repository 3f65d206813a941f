/**
 * Three layers: unit (pure, no services), integration (DynamoDB Local), e2e (HTTP against
 * serverless offline + DynamoDB Local). The global setup starts the local stack on free loopback
 * ports once for the run, and stops it after; FLOW_TEST_STACK=none skips it for unit-only runs.
 */
const tsJest = 'ts-jest';
// The AWS SDK's notice that its releases after early January 2027 need Node 22 (the README says
// so once) would otherwise be printed by every test process and bury what failed.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const common = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest }, setupFilesAfterEnv: ['<rootDir>/tests/support/progress-equality.ts'] };

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
