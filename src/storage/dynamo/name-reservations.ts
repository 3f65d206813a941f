import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { NamedCreateOutcome, NameHolder } from '../../ports/execution-store';
import { itemToExecution } from '../item-mapping';
import { type DefinitionItem, type ExecutionItem, keys, type NameReservationItem } from '../table-schema';

/** Positions of the writes in the transaction, as its cancellation reasons are listed. */
const RESERVATION = 0;
const HEAD = 2;

interface CancellationReason {
  Code?: string;
}

/**
 * The cancellation reason per write of a cancelled transaction: from the error's
 * `CancellationReasons`, or else from its message (`… [ConditionalCheckFailed, None, None]`),
 * which is all some DynamoDB emulators send.
 */
export function cancellationCodes(error: Error & { CancellationReasons?: CancellationReason[] }): string[] {
  if (error.CancellationReasons && error.CancellationReasons.length > 0)
    return error.CancellationReasons.map((r) => r.Code ?? 'None');
  const listed = /\[([A-Za-z, ]+)\]/.exec(error.message)?.[1];
  return listed ? listed.split(',').map((code) => code.trim()) : [];
}

/** Execution names: one item per name, written together with the execution that holds it. */
export class NameReservations {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The reservation, the definition and the head in one transaction, so there is never a name
   * without its execution nor a named execution without its name: nothing to clean up after a
   * crash, and two racing starts cannot both get in. The reservation may replace only the one
   * held by `replacing` (an execution found gone).
   */
  async create(
    reservation: NameReservationItem,
    definition: DefinitionItem,
    head: ExecutionItem,
    replacing?: string,
  ): Promise<NamedCreateOutcome> {
    const free = 'attribute_not_exists(pk)';
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: reservation,
                ConditionExpression: replacing === undefined ? free : `${free} OR execution_id = :replacing`,
                ...(replacing !== undefined && { ExpressionAttributeValues: { ':replacing': replacing } }),
              },
            },
            { Put: { TableName: this.tableName, Item: definition } },
            { Put: { TableName: this.tableName, Item: head, ConditionExpression: free } },
          ],
        }),
      );
      return 'created';
    } catch (error) {
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
      const codes = cancellationCodes(error as Error);
      if (codes[HEAD] === 'ConditionalCheckFailed') throw new Error(`execution id collision: ${head.execution_id}`);
      if (codes[RESERVATION] === 'ConditionalCheckFailed') return 'taken';
      if (codes.includes('TransactionConflict')) return 'contended';
      throw error;
    }
  }

  /** Strongly consistent reads of the reservation and then of its execution's head. */
  async holder(name: string, nowEpochSeconds: number): Promise<NameHolder | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.nameReservation(name), ConsistentRead: true }),
    );
    const reservation = out.Item as NameReservationItem | undefined;
    if (!reservation) return undefined;
    const headOut = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.execution(reservation.execution_id),
        ConsistentRead: true,
      }),
    );
    const head = headOut.Item as ExecutionItem | undefined;
    // TTL deletes expired items within days, not at once: an expired head no longer holds its name.
    const kept = head !== undefined && (head.expires_at === undefined || head.expires_at > nowEpochSeconds);
    return {
      executionId: reservation.execution_id,
      fingerprint: reservation.fingerprint,
      ...(kept && { execution: itemToExecution(head) }),
    };
  }
}
