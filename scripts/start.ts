/**
 * `npm start`: DynamoDB Local + the table from serverless.yml + serverless offline, on
 * http://localhost:3000 unless FLOW_HTTP_PORT says otherwise. Ctrl-C stops everything.
 *
 *   FLOW_HTTP_PORT (3000)  FLOW_LAMBDA_PORT (3002)  DYNAMODB_PORT (8000)
 *   DYNAMODB_DATA_DIR      keep data on disk there instead of in memory
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { generateApiKey, hashApiKey } from '../src/auth/api-keys';
import { createTable } from './local-stack/create-table';
import { startDynamo } from './local-stack/dynamodb';
import { localEnvironment, startOffline } from './local-stack/offline';

const STAGE = 'local';
const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number`);
  return value;
};

async function main() {
  const httpPort = port('FLOW_HTTP_PORT', 3000);
  const lambdaPort = port('FLOW_LAMBDA_PORT', 3002);
  const dynamoPort = port('DYNAMODB_PORT', 8000);
  const dataDir = process.env.DYNAMODB_DATA_DIR ? path.resolve(process.env.DYNAMODB_DATA_DIR) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  // FLOW_API_KEY if given, else a new key for this run; handlers see only its hash. Set
  // FLOW_API_KEY_HASHES yourself to accept several keys (rotation).
  const apiKey = process.env.FLOW_API_KEY?.trim() || generateApiKey();
  process.env.FLOW_API_KEY_HASHES ||= hashApiKey(apiKey);

  const dynamo = await startDynamo({ port: dynamoPort, dataDir });
  console.log(`DynamoDB (${dynamo.engine}${dataDir ? `, data in ${dataDir}` : ', in memory'}) on ${dynamo.endpoint}`);
  const TABLE_NAME = localEnvironment({ stage: STAGE, dynamoEndpoint: dynamo.endpoint, lambdaEndpoint: '' }).TABLE_NAME!;
  await createTable(dynamo.endpoint, TABLE_NAME);
  console.log(`Table ${TABLE_NAME} ready`);

  let offline: Awaited<ReturnType<typeof startOffline>> | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await offline?.stop();
    await dynamo.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    offline = await startOffline({ httpPort, lambdaPort, dynamoEndpoint: dynamo.endpoint, stage: STAGE, output: 'inherit' });
  } catch (error) {
    console.error((error as Error).message);
    await shutdown(1);
    return;
  }
  offline.process.on('exit', (code) => {
    console.error(`serverless offline exited (${code}); stopping`);
    void shutdown(code ?? 1);
  });
  const api = `http://localhost:${httpPort}`;
  console.log(
    [
      '',
      'Flow Manager is running locally:',
      `  API              ${api}   (GET ${api}/health)`,
      `  Lambda endpoint  ${offline.lambdaEndpoint}`,
      `  DynamoDB         ${dynamo.endpoint}  table ${TABLE_NAME}`,
      '',
      `API key (send as 'Authorization: Bearer <key>'; set FLOW_API_KEY to choose it):`,
      `  export FLOW_API_KEY=${apiKey}`,
      '',
      'Try:',
      `  curl -s -X POST '${api}/api/v1/flows/execute?wait_seconds=10' -H "authorization: Bearer $FLOW_API_KEY" \\`,
      `    -H 'content-type: application/json' -d @flows/classic-pipeline.json`,
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
