import { appendFileSync } from 'node:fs';
import { createTable } from '../../scripts/local-stack/create-table';
import { localEnvironment, type RunningOffline, startOffline } from '../../scripts/local-stack/offline';
import { freePort } from '../../scripts/local-stack/ports';
import { stackEnv } from './stack-env';

/**
 * A second serverless offline on its own stage, hence its own table in the shared DynamoDB Local:
 * for tests that must know every write to their table (item counts) or that turn faults on.
 */
export async function startIsolatedStack(
  stage: string,
  extra: { env?: Record<string, string>; localEnvironment?: boolean } = {},
) {
  const dynamoEndpoint = stackEnv('DYNAMODB_ENDPOINT');
  const tableName = localEnvironment({ stage, dynamoEndpoint, lambdaEndpoint: '' }).TABLE_NAME!;
  await createTable(dynamoEndpoint, tableName);
  const logFile = `${stackEnv('FLOW_TEST_OFFLINE_LOG')}.${stage}`;
  const offline: RunningOffline = await startOffline({
    httpPort: await freePort(),
    lambdaPort: await freePort(),
    dynamoEndpoint,
    stage,
    output: (line) => appendFileSync(logFile, `${line}\n`),
    extraEnv: { LOG_LEVEL: 'WARN', ...extra.env },
    localEnvironment: extra.localEnvironment ?? false,
  });
  return { ...offline, tableName, dynamoEndpoint };
}
