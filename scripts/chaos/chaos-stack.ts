import { generateApiKey, hashApiKey } from '../../src/auth/api-keys';
import { createTable } from '../local-stack/create-table';
import { localEnvironment, type RunningOffline, SERVICE_NAME, startOffline } from '../local-stack/offline';
import { freePort } from '../local-stack/ports';

/**
 * 10 % of invokes duplicated, 5 % dropped, 10 % of invoke attempts throttled; 5 % of steps crashed
 * (4 % by a throw, 1 % by a hard exit); 5 % of DynamoDB calls throttled; every task named
 * `poison…` crashes its invocation each time.
 */
export const CHAOS_FAULTS = {
  duplicate: 0.1,
  drop: 0.05,
  crash: 0.04,
  exit: 0.01,
  throttle: 0.05,
  invoke_throttle: 0.1,
  poison: 'poison',
};
export const CHAOS_STAGE = 'chaos';

/**
 * serverless offline with the fault layer on, against its own table (stage `chaos`) in the given
 * DynamoDB, with short leases and grace periods so that recovery acts within seconds.
 */
export async function startChaosStack(
  dynamoEndpoint: string,
  output: (line: string) => void,
): Promise<RunningOffline & { tableName: string; recoverFunctionName: string; apiKey: string }> {
  const apiKey = generateApiKey();
  const tableName = localEnvironment({ stage: CHAOS_STAGE, dynamoEndpoint, lambdaEndpoint: '' }).TABLE_NAME!;
  await createTable(dynamoEndpoint, tableName);
  const offline = await startOffline({
    httpPort: await freePort(),
    lambdaPort: await freePort(),
    dynamoEndpoint,
    stage: CHAOS_STAGE,
    output,
    localEnvironment: true,
    extraEnv: {
      FLOW_FAULTS: JSON.stringify(CHAOS_FAULTS),
      LEASE_MARGIN_SECONDS: '1',
      RECOVERY_GRACE_SECONDS: '2',
      LOG_LEVEL: 'WARN',
      FLOW_API_KEY_HASHES: hashApiKey(apiKey),
    },
  });
  return { ...offline, tableName, recoverFunctionName: `${SERVICE_NAME}-${CHAOS_STAGE}-recover`, apiKey };
}
