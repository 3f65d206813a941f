import { randomUUID } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ChainTarget {
  lambda: LambdaClient;
  dynamo: DynamoDBDocumentClient;
  tableName: string;
  hopFunctionName: string;
}

export type ChainMode = 'bare' | 'exactly_once';

/** ms per hop of one chain of `hops` self-invokes: from the first invoke to the last hop's marker. */
export async function runChain(t: ChainTarget, mode: ChainMode, hops: number): Promise<number> {
  const chain = randomUUID();
  const started = Date.now();
  await t.lambda.send(
    new InvokeCommand({
      FunctionName: t.hopFunctionName,
      InvocationType: 'Event',
      Payload: Buffer.from(JSON.stringify({ chain, hop: 1, hops, mode })),
    }),
  );
  const deadline = started + 120_000;
  for (;;) {
    const out = await t.dynamo.send(
      new GetCommand({ TableName: t.tableName, Key: { pk: `BENCH#${chain}`, sk: 'DONE' }, ConsistentRead: true }),
    );
    if (out.Item) return (Number(out.Item.finished_at) - started) / hops;
    if (Date.now() > deadline) throw new Error(`chain ${mode} of ${hops} hops did not finish`);
    // The marker carries the finish time, so polling slowly loses nothing and leaves DynamoDB
    // Local (which the chains themselves use) mostly alone.
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One sample of a floor: ms per hop of a chain of `hops` hops. */
export const chainSampler = (t: ChainTarget, mode: ChainMode, hops: number) => () => runChain(t, mode, hops);
