import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StepPage, StepRecord } from '../../domain/execution/execution';
import type { StepPageQuery } from '../../ports/execution-store';
import { itemToStep, stepRecordBytes } from '../item-mapping';
import { keys, type StepItem } from '../table-schema';
import { encodeStepToken } from '../../domain/paging/step-token';

/**
 * Recorded steps `fromSeq..toSeq` of one execution, in order, as one key-range query of its
 * partition: a page costs what it returns, never what came before it. Stops at `limit` steps or
 * once `maxBytes` of records were read (always at least one step), and says where to go on.
 */
export async function readStepPage(client: DynamoDBDocumentClient, tableName: string, executionId: string, q: StepPageQuery): Promise<StepPage> {
  const steps: StepRecord[] = [];
  if (q.fromSeq > q.toSeq) return { steps };
  let bytes = 0;
  let startKey: Record<string, unknown> | undefined;
  let lastSeq = q.fromSeq - 1;
  const next = () => (lastSeq < q.toSeq ? { nextToken: encodeStepToken(executionId, lastSeq + 1) } : {});
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.executionPartition(executionId), ':from': keys.stepSk(q.fromSeq), ':to': keys.stepSk(q.toSeq) },
        ConsistentRead: true,
        Limit: q.limit - steps.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of out.Items ?? []) {
      const step = itemToStep(item as StepItem);
      const size = stepRecordBytes(step);
      if (steps.length > 0 && bytes + size > q.maxBytes) return { steps, ...next() };
      bytes += size;
      steps.push(step);
      lastSeq = step.seq;
      if (steps.length >= q.limit) return { steps, ...next() };
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  // Every record up to toSeq was read; a record not yet written (its commit in flight) is simply absent.
  return { steps };
}
