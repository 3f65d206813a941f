import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StepPage } from '../../domain/execution/execution';
import type { StepPageQuery } from '../../ports/execution-store';
import { itemToStep } from '../item-mapping';
import { keys, type StepItem } from '../table-schema';
import { StepPageBuilder } from '../step-page';

/**
 * Recorded steps `fromSeq..toSeq` of one execution, in order, as one key-range query of its
 * partition: a page costs what it returns, never what came before it. Stops at `limit` steps or
 * once `maxBytes` of records were read (always at least one step), and says where to go on.
 */
export async function readStepPage(
  client: DynamoDBDocumentClient,
  tableName: string,
  executionId: string,
  q: StepPageQuery,
): Promise<StepPage> {
  const page = new StepPageBuilder(executionId, q);
  if (page.empty) return page.page();
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.executionPartition(executionId),
          ':from': keys.stepSk(q.fromSeq),
          ':to': keys.stepSk(q.toSeq),
        },
        ConsistentRead: true,
        Limit: page.room,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of out.Items ?? []) {
      if (!page.add(itemToStep(item as StepItem))) return page.page();
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return page.page();
}
