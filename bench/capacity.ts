import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { createStepHandler } from '../handlers/workers/step';
import { createExecution } from '../src/service/execution-lifecycle';
import { runStep } from '../src/service/step-runner';
import { keys } from '../src/storage/table-schema';
import { noopFlow } from './engine-measures';
import { countingOutput, meteredInProcess } from './in-process';
import { dynamoItemBytes } from './item-size';
import { median, round } from './stats';

export interface CapacityPerStep {
  invocations_per_step: number;
  wcu_per_step: number;
  rcu_per_step: number;
  bytes_written_per_step: number;
  /** The execution's head item at its end, as DynamoDB counts its size. */
  head_bytes: number;
  /** In-process time of one step's handler work (parse, claim, run, record, dispatch, log). */
  handler_ms_per_step: number;
  /** What the step handler logs at the deployed level (INFO), per step: UTF-8 bytes and lines. */
  log_bytes_per_step: number;
  log_lines_per_step: number;
}

/**
 * The same step code the Lambda runs, driven in-process against DynamoDB Local through a store
 * whose client counts consumed capacity, with dispatches counted instead of sent. `request` is a
 * POST /api/v1/flows/execute body of `steps` steps (a state machine's with `asl`).
 */
export async function measureCapacity(
  dynamoEndpoint: string,
  tableName: string,
  steps: number,
  request: unknown = noopFlow(steps),
  options: { asl?: boolean } = {},
): Promise<CapacityPerStep> {
  const { client, totals, queue, counts, deps } = meteredInProcess(dynamoEndpoint, tableName, {
    serviceName: 'flow-manager',
    logLevel: 'INFO',
  });
  const handler = createStepHandler(() => deps);
  const { execution } = await createExecution(request, { start: true, asl: options.asl === true }, deps);
  const handlerMs: number[] = [];
  const logged = { bytes: 0, lines: 0 };
  while (queue.length > 0) {
    const message = queue.shift()!;
    const started = performance.now();
    const {
      result: report,
      bytes,
      lines,
    } = await countingOutput(() => handler(message, { awsRequestId: randomUUID() } as Context));
    handlerMs.push(performance.now() - started);
    logged.bytes += bytes;
    logged.lines += lines;
    if (report.outcome !== 'ran') throw new Error(`capacity run: step not run (${JSON.stringify(report)})`);
  }
  // The execution's own units, before the bench's query below adds its own read (a whole
  // partition: 1 RCU for a 20-step execution, which the read units per step used to include).
  const used = { ...totals };
  // Bytes written: per step, the head once (the claim, which carries the previous step's commit) and
  // the step record once, plus the head's final commit, each counted at its final size (an upper
  // bound); plus the definition once.
  const items = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.executionPartition(execution.execution_id) },
    }),
  );
  // Close to DynamoDB's own item size: attribute names plus values, binary (packed JSON) by its length.
  const sizeOf = (item: Record<string, unknown>) =>
    Object.entries(item).reduce(
      (sum, [name, value]) =>
        sum +
        name.length +
        (value instanceof Uint8Array
          ? value.length
          : Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value), 'utf8')),
      0,
    );
  const head = (items.Items ?? []).find((item) => keys.isExecution(String(item.sk)));
  const bytes = (items.Items ?? []).reduce((sum, item) => {
    const sk = String(item.sk);
    return sum + (keys.isExecution(sk) ? (steps + 1) * sizeOf(item) : sizeOf(item));
  }, 0);
  client.destroy();
  return {
    invocations_per_step: round(counts.dispatched / steps, 3),
    wcu_per_step: round(used.writeUnits / steps, 3),
    rcu_per_step: round(used.readUnits / steps, 3),
    bytes_written_per_step: Math.round(bytes / steps),
    head_bytes: head ? dynamoItemBytes(head) : 0,
    handler_ms_per_step: round(median(handlerMs), 2),
    log_bytes_per_step: Math.round(logged.bytes / steps),
    log_lines_per_step: round(logged.lines / steps, 2),
  };
}

export interface CapacityAtStep {
  step: number;
  rcu: number;
  wcu: number;
}

/** A one-task loop (`loop` → `loop`) long enough to reach the last of `at`. */
export const loopFlow = (steps: number) => ({
  id: 'bench-loop',
  name: `${steps}-step loop`,
  start_task: 'loop',
  max_steps: steps,
  tasks: [{ name: 'loop', task_type: 'noop' }],
  conditions: [
    { name: 'again', source_task: 'loop', outcome: 'success', target_task_success: 'loop', target_task_failure: 'end' },
  ],
});

/**
 * Read and write units of single steps (`at`, e.g. 1, 100 and 1,000) in the middle of one long
 * loop: flat when a step's cost does not depend on how many steps ran before it.
 */
export async function measureCapacityCurve(
  dynamoEndpoint: string,
  tableName: string,
  at: number[],
): Promise<CapacityAtStep[]> {
  const { client, totals, queue, deps } = meteredInProcess(dynamoEndpoint, tableName, {
    serviceName: 'bench-capacity',
  });
  // One step past the last sample: the final step also writes the execution's end (its indexes),
  // a cost every execution pays once, which wcu_per_step already spreads over its steps.
  const last = Math.max(...at);
  await createExecution(loopFlow(last + 1), { start: true }, deps);
  const curve: CapacityAtStep[] = [];
  while (queue.length > 0) {
    const message = queue.shift()!;
    const before = { ...totals };
    const report = await runStep(message, deps);
    if (report.outcome !== 'ran')
      throw new Error(`capacity curve: step ${message.seq} not run (${JSON.stringify(report)})`);
    if (at.includes(message.seq)) {
      curve.push({
        step: message.seq,
        rcu: round(totals.readUnits - before.readUnits, 3),
        wcu: round(totals.writeUnits - before.writeUnits, 3),
      });
    }
  }
  client.destroy();
  return curve;
}
