import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { awsClientOptions } from '../src/config/aws-client-options';
import { loadConfig } from '../src/config/config';
import { createDocumentClient } from '../src/storage/dynamo/dynamo-client';

/**
 * One hop of a benchmark chain: optionally the least DynamoDB work exactly-once needs (one
 * conditional put claiming the hop, one conditional update recording it, on small items), then an
 * asynchronous invoke of the next hop. Clients are built like the engine's: once, keep-alive.
 */
export interface HopEvent {
  chain: string;
  hop: number;
  hops: number;
  mode: 'bare' | 'exactly_once';
}

const config = loadConfig();
const dynamo = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
const lambda = new LambdaClient(awsClientOptions({ region: config.AWS_REGION, endpoint: config.LAMBDA_ENDPOINT }));
const self = process.env.BENCH_HOP_FUNCTION_NAME ?? '';

export const handler = async (event: HopEvent): Promise<void> => {
  const pk = `BENCH#${event.chain}`;
  if (event.mode === 'exactly_once') {
    const sk = `HOP#${String(event.hop).padStart(5, '0')}`;
    await dynamo.send(
      new PutCommand({
        TableName: config.TABLE_NAME,
        Item: { pk, sk, status: 'RUNNING', token: 't' },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await dynamo.send(
      new UpdateCommand({
        TableName: config.TABLE_NAME,
        Key: { pk, sk },
        UpdateExpression: 'SET #s = :done',
        ConditionExpression: '#s = :running AND #t = :t',
        ExpressionAttributeNames: { '#s': 'status', '#t': 'token' },
        ExpressionAttributeValues: { ':done': 'DONE', ':running': 'RUNNING', ':t': 't' },
      }),
    );
  }
  if (event.hop < event.hops) {
    await lambda.send(
      new InvokeCommand({
        FunctionName: self,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify({ ...event, hop: event.hop + 1 })),
      }),
    );
    return;
  }
  // The end of the chain: one marker, so the runner knows when it finished.
  await dynamo.send(
    new PutCommand({ TableName: config.TABLE_NAME, Item: { pk, sk: 'DONE', finished_at: Date.now() } }),
  );
};
