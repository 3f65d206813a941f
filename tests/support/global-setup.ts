import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateApiKey, hashApiKey } from '../../src/auth/api-keys';
import { createTable } from '../../scripts/local-stack/create-table';
import { startDynamo } from '../../scripts/local-stack/dynamodb';
import { localEnvironment, startOffline } from '../../scripts/local-stack/offline';
import { freePort } from '../../scripts/local-stack/ports';
import { TEST_STAGE, type StackHandles } from './stack-env';

/**
 * Starts DynamoDB Local and serverless offline for the whole run, on free loopback ports, and
 * hands their addresses to the test workers through environment variables. serverless offline's
 * output goes to a log file that e2e tests read (one step = one invocation, JSON log lines).
 */
/**
 * The mock configuration every test stack reads (Step Functions Local's format): the samples' own
 * (flows/mocks/mock-config.json, so their tests run them as the docs say) with the tests' beside it.
 */
function mockConfig(dir: string): string {
  const read = (file: string) =>
    JSON.parse(readFileSync(file, 'utf8')) as {
      StateMachines: Record<string, unknown>;
      MockedResponses: Record<string, unknown>;
    };
  const samples = read(path.join(__dirname, '..', '..', 'flows', 'mocks', 'mock-config.json'));
  const tests = read(path.join(__dirname, 'mock-config.json'));
  const file = path.join(dir, 'mock-config.json');
  writeFileSync(
    file,
    JSON.stringify({
      StateMachines: { ...samples.StateMachines, ...tests.StateMachines },
      MockedResponses: { ...samples.MockedResponses, ...tests.MockedResponses },
    }),
  );
  return file;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.FLOW_TEST_STACK === 'none') return;
  const started = Date.now();
  // One API key for the run; its hash reaches every offline stack through the environment.
  const apiKey = generateApiKey();
  Object.assign(process.env, { FLOW_TEST_API_KEY: apiKey, FLOW_API_KEY_HASHES: hashApiKey(apiKey) });
  const dir = mkdtempSync(path.join(tmpdir(), 'flow-manager-test-'));
  const offlineLog = path.join(dir, 'offline.log');
  const dynamo = await startDynamo({ port: await freePort(), log: (line) => console.log(line) });
  const env = localEnvironment({ stage: TEST_STAGE, dynamoEndpoint: dynamo.endpoint, lambdaEndpoint: '' });
  await createTable(dynamo.endpoint, env.TABLE_NAME!);
  const handles: StackHandles = { stop: [dynamo.stop] };
  (globalThis as { __flowStack?: StackHandles }).__flowStack = handles;
  // Jest runs no teardown after a setup that failed: stop what was started before failing.
  const offline = await startOffline({
    httpPort: await freePort(),
    lambdaPort: await freePort(),
    dynamoEndpoint: dynamo.endpoint,
    stage: TEST_STAGE,
    output: (line) => appendFileSync(offlineLog, `${line}\n`),
    // An hour's wait or backoff takes a second: the flow-language tests run real waits through the timers.
    // The test cases of tests/support/mock-config.json run on mocked responses (docs/testing-with-mocks.md).
    extraEnv: { LOG_LEVEL: 'INFO', FLOW_TIME_SCALE: '3600', SFN_MOCK_CONFIG: mockConfig(dir) },
  }).catch(async (error: unknown) => {
    await dynamo.stop();
    throw error;
  });
  handles.stop.unshift(offline.stop);
  Object.assign(process.env, {
    ...localEnvironment({ stage: TEST_STAGE, dynamoEndpoint: dynamo.endpoint, lambdaEndpoint: offline.lambdaEndpoint }),
    FLOW_TEST_API_URL: offline.apiUrl,
    FLOW_TEST_OFFLINE_LOG: offlineLog,
    FLOW_TEST_DYNAMO_ENGINE: dynamo.engine,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  console.log(
    `\nlocal stack (${dynamo.engine}) ready in ${Date.now() - started} ms: ${offline.apiUrl}, ${dynamo.endpoint}`,
  );
}
