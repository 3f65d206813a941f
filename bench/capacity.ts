import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StepMessage } from '../src/dispatch/step-message';
import { createExecution } from '../src/service/execution-lifecycle';
import { systemClock } from '../src/service/step-deps';
import { runStep } from '../src/service/step-runner';
import { meterCapacity } from '../src/storage/capacity-meter';
import { createDocumentClient } from '../src/storage/dynamo-client';
import { DynamoExecutionStore } from '../src/storage/dynamo-execution-store';
import { keys } from '../src/storage/table-schema';
import { defaultRegistry } from '../src/tasks/default-registry';
import { noopFlow } from './engine-measures';
import { median, round } from './stats';

export interface CapacityPerStep {
  invocations_per_step: number;
  wcu_per_step: number;
  rcu_per_step: number;
  bytes_written_per_step: number;
  /** In-process time of one step's handler work (load, claim, run, record, dispatch). */
  handler_ms_per_step: number;
}

/**
 * The same step code the Lambda runs, driven in-process against DynamoDB Local through a store
 * whose client counts consumed capacity, with dispatches counted instead of sent.
 */
export async function measureCapacity(dynamoEndpoint: string, tableName: string, steps: number): Promise<CapacityPerStep> {
  const client = createDocumentClient({ region: 'us-east-1', endpoint: dynamoEndpoint });
  const totals = meterCapacity(client);
  const queue: StepMessage[] = [];
  let invocations = 0;
  const deps = {
    store: new DynamoExecutionStore(client, tableName),
    dispatcher: {
      dispatch: async (m: StepMessage) => {
        invocations++;
        queue.push(m);
      },
    },
    registry: defaultRegistry(),
    clock: systemClock,
    logger: new Logger({ serviceName: 'bench-capacity', logLevel: 'SILENT' }),
    newToken: randomUUID,
    leaseMarginSeconds: 15,
  };
  const { execution } = await createExecution(noopFlow(steps), { start: true }, deps);
  const handlerMs: number[] = [];
  while (queue.length > 0) {
    const started = performance.now();
    const report = await runStep(queue.shift()!, deps);
    handlerMs.push(performance.now() - started);
    if (report.outcome !== 'ran') throw new Error(`capacity run: step skipped (${report.reason})`);
  }
  // Bytes written: every step item is written twice (claim, then result) and the execution item
  // twice (create, then final status); each write counted at the item's final size (an upper bound).
  const items = await client.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.executionPartition(execution.execution_id) } }),
  );
  const bytes = (items.Items ?? []).reduce((sum, item) => sum + 2 * Buffer.byteLength(JSON.stringify(item), 'utf8'), 0);
  client.destroy();
  return {
    invocations_per_step: round(invocations / steps, 3),
    wcu_per_step: round(totals.writeUnits / steps, 3),
    rcu_per_step: round(totals.readUnits / steps, 3),
    bytes_written_per_step: Math.round(bytes / steps),
    handler_ms_per_step: round(median(handlerMs), 2),
  };
}
