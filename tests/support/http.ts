import { readFileSync } from 'node:fs';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { stackEnv } from './stack-env';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** One HTTP call to the local API; JSON bodies are sent with content-type application/json. */
export async function api<T = any>(
  method: string,
  path: string,
  options: { json?: unknown; raw?: string; headers?: Record<string, string>; baseUrl?: string; auth?: boolean } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {
    ...(options.auth !== false && { authorization: `Bearer ${stackEnv('FLOW_TEST_API_KEY')}` }),
    ...(options.json !== undefined && { 'content-type': 'application/json' }),
    ...options.headers,
  };
  const res = await fetch(`${options.baseUrl ?? stackEnv('FLOW_TEST_API_URL')}${path}`, {
    method,
    headers,
    body: options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* left as text: the test will say so */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** A plain client of the stack's DynamoDB Local, for looking at the table behind the API's back. */
export const localDynamoClient = () =>
  new DynamoDBClient({
    endpoint: stackEnv('DYNAMODB_ENDPOINT'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** Items in the table, counted the slow way: for "nothing was written" checks only. */
export async function tableItemCount(tableName = stackEnv('TABLE_NAME')): Promise<number> {
  const client = localDynamoClient();
  let count = 0;
  let start: Record<string, any> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: start, ConsistentRead: true }),
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return count;
}

/** The JSON log lines serverless offline printed for one execution. */
export function executionLogLines(executionId: string): Array<Record<string, unknown>> {
  return readFileSync(stackEnv('FLOW_TEST_OFFLINE_LOG'), 'utf8')
    .split('\n')
    .filter((line) => line.includes(executionId) && line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Starts a request body on the execute route (202 expected) and follows the execution to its end, up to two minutes. */
export async function runToEnd(body: unknown) {
  const started = await api('POST', '/api/v1/flows/execute', { json: body });
  expect([started.status, started.body.error]).toEqual([202, undefined]);
  const id = started.body.execution_id as string;
  for (let i = 0; i < 12; i++) {
    const view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=10`);
    if (view.body.status !== 'RUNNING') return view.body;
  }
  throw new Error(`execution ${id} did not finish`);
}
