import { randomUUID } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { median } from './stats';

export interface ChainTarget {
  lambda: LambdaClient;
  dynamo: DynamoDBDocumentClient;
  tableName: string;
  hopFunctionName: string;
}

/** ms per hop of one chain of `hops` self-invokes: from the first invoke to the last hop's marker. */
async function runChain(t: ChainTarget, mode: 'bare' | 'exactly_once', hops: number): Promise<number> {
  const chain = randomUUID();
  const started = Date.now();
  await t.lambda.send(
    new InvokeCommand({ FunctionName: t.hopFunctionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ chain, hop: 1, hops, mode })) }),
  );
  const deadline = started + 120_000;
  for (;;) {
    const out = await t.dynamo.send(new GetCommand({ TableName: t.tableName, Key: { pk: `BENCH#${chain}`, sk: 'DONE' }, ConsistentRead: true }));
    if (out.Item) return (Number(out.Item.finished_at) - started) / hops;
    if (Date.now() > deadline) throw new Error(`chain ${mode} of ${hops} hops did not finish`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Median ms per hop over `repetitions` chains (after one warm-up chain). */
export async function measureFloor(t: ChainTarget, mode: 'bare' | 'exactly_once', hops: number, repetitions: number): Promise<number> {
  await runChain(t, mode, Math.min(hops, 10));
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i++) samples.push(await runChain(t, mode, hops));
  return median(samples);
}
