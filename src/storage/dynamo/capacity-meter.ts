import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface CapacityTotals {
  readUnits: number;
  writeUnits: number;
  calls: number;
}

interface ConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** Read commands, by document-client and low-level names (the middleware may see either). */
const READS = new Set([
  'GetCommand',
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
  'TransactGetCommand',
]);

/**
 * Counts the capacity units every call of `client` consumes, by asking DynamoDB for them
 * (ReturnConsumedCapacity: TOTAL). Installed only by the benchmark: it changes every request, so
 * production clients never carry it.
 */
export function meterCapacity(client: DynamoDBDocumentClient): CapacityTotals {
  const totals: CapacityTotals = { readUnits: 0, writeUnits: 0, calls: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      const output = out.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
      const consumed = ([] as ConsumedCapacity[]).concat(output.ConsumedCapacity ?? []);
      const units = consumed.reduce(
        (sum, c) => sum + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)),
        0,
      );
      if (READS.has(context.commandName ?? '')) totals.readUnits += units;
      else totals.writeUnits += units;
      totals.calls++;
      return out;
    },
    { step: 'initialize', name: 'capacityMeter' },
  );
  return totals;
}
