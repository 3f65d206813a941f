/**
 * Four projects:
 * - unit: pure code, no process started, no services (`npm run test:unit`);
 * - tooling: tests that run tools as they are run — package the service, bundle it, run the CLI,
 *   copy the project, check exports with asl-validator (each call compiles its schemas: about
 *   1 s) — slow, but no services;
 * - integration: DynamoDB Local;
 * - e2e: HTTP against serverless offline + DynamoDB Local, and a browser.
 * Only integration and e2e name the global setup, so the local stack starts (once, on free loopback
 * ports) only when a test of theirs is about to run, and stops after.
 */
const tsJest = 'ts-jest';
// The AWS SDK's notice that its releases after early January 2027 need Node 22 (the README says
// so once) would otherwise be printed by every test process and bury what failed.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Every run, `npx jest` alone too (not only `npm test`): an index naming a task file that is gone
// would fail every suite that loads the registry.
require('./scripts/generate-task-index.cjs').generateTaskIndex(require('node:path').join(__dirname, 'src', 'tasks'));
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  setupFilesAfterEnv: ['<rootDir>/tests/support/progress-equality.ts'],
};
const withStack = {
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
};

module.exports = {
  transform: { '^.+\\.ts$': tsJest },
  maxWorkers: 2,
  // e2e tests go through serverless offline, whose first call to each function pays a cold start (seconds on a loaded machine).
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
      setupFilesAfterEnv: [...common.setupFilesAfterEnv, '<rootDir>/tests/support/no-processes.ts'],
    },
    {
      ...common,
      displayName: 'tooling',
      testMatch: ['<rootDir>/tests/tooling/**/*.test.ts'],
      setupFilesAfterEnv: [...common.setupFilesAfterEnv, '<rootDir>/tests/support/tooling-timeouts.ts'],
      slowTestThreshold: 30,
    },
    {
      ...common,
      ...withStack,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      slowTestThreshold: 15,
    },
    {
      ...common,
      ...withStack,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      slowTestThreshold: 30,
    },
  ],
};
