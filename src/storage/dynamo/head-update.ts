import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Execution } from '../../domain/execution/execution';
import { conditionalWithOld, type updateExpression } from './conditional-writes';
import { itemToExecution } from '../item-mapping';
import { type ExecutionItem, keys } from '../table-schema';

export interface HeadUpdate {
  update: ReturnType<typeof updateExpression>;
  condition: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
  /**
   * The head as it is once this update applies, when the caller knows it whole: then nothing is
   * sent back (ReturnValues NONE), which spares DynamoDB and the client the whole item.
   */
  knownHead?: Execution;
}

/**
 * One conditional update of an execution's head that answers the head as it is after the write
 * (ReturnValues ALL_NEW, unless the caller knows it), or as it was when the condition refused it
 * (ALL_OLD on failure; absent if there is no head). Neither answer costs a read unit.
 */
export async function updateHead(
  client: DynamoDBDocumentClient,
  tableName: string,
  executionId: string,
  u: HeadUpdate,
): Promise<{ ok: true; execution: Execution } | { ok: false; old?: ExecutionItem }> {
  const result = await conditionalWithOld(() =>
    client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.execution(executionId),
        UpdateExpression: u.update.expression,
        ConditionExpression: u.condition,
        ExpressionAttributeNames: { ...u.update.names, ...u.names },
        ExpressionAttributeValues: { ...u.update.values, ...u.values },
        ReturnValues: u.knownHead ? 'NONE' : 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    ),
  );
  if (result.ok) return { ok: true, execution: u.knownHead ?? itemToExecution(result.out.Attributes as ExecutionItem) };
  return { ok: false, ...(result.old && { old: result.old as unknown as ExecutionItem }) };
}
