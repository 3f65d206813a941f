import { randomUUID } from 'node:crypto';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { createStepHandler } from '../handlers/workers/step';
import { definitionHash } from '../src/domain/flow/definition-hash';
import type { StepMessage } from '../src/domain/execution/step-message';
import { parseFlowRequest } from '../src/flow-requests/flow-validation';
import { createExecution, SavedFlowStart } from '../src/service/execution-lifecycle';
import type { StepDeps } from '../src/service/step-deps';
import { defaultRegistry } from '../src/tasks/default-registry';
import { keys } from '../src/storage/table-schema';
import { rssMb } from './engine-measures';
import { countingOutput, meteredInProcess } from './in-process';
import { dynamoItemBytes } from './item-size';
import { median, round } from './stats';

export const FAN_OUT_MAX_CONCURRENCY = 100;

/**
 * A map over `count` items (0 … count − 1, made by the map's own `items` expression, so the
 * execution's input is one number and the head carries no item) whose item processor is one noop
 * task. The map hands on the number of results, not the 10,000 of them, so the finished head
 * stays as small as the parked one: what the head's size shows is what the fan-out adds to it.
 */
export const mapFlow = (count: number) => ({
  id: `bench-map-${count}`,
  name: `map of ${count} items`,
  start_task: 'each',
  tasks: [
    {
      name: 'each',
      task_type: 'map',
      items: '{% [0..($states.input.count - 1)] %}',
      max_concurrency: FAN_OUT_MAX_CONCURRENCY,
      item_processor: { start_task: 'work', tasks: [{ name: 'work', task_type: 'noop' }], conditions: [] },
      output: '{% { "results": $count($states.result) } %}',
    },
  ],
  conditions: [],
});

/**
 * The map's start as the services see it: the flow read as a request is, and started as a saved
 * flow's version is (the same create and first dispatch as a posted one).
 */
export function mapStart(count: number): SavedFlowStart {
  const { flow } = parseFlowRequest(mapFlow(count), defaultRegistry());
  return new SavedFlowStart(
    {
      flow_id: flow.id,
      version: 1,
      flow_name: flow.name,
      definition_hash: definitionHash(flow),
      created_at: new Date().toISOString(),
      flow,
    },
    { count },
  );
}

export interface FanOutCapacity {
  items: number;
  invocations_per_item: number;
  wcu_per_item: number;
  rcu_per_item: number;
  /** What the step handler logs at INFO, per item: UTF-8 bytes and lines. */
  log_bytes_per_item: number;
  log_lines_per_item: number;
  /** Median in-process time of one invocation (the parent's steps and the children's). */
  handler_ms_per_invocation: number;
}

/**
 * Invocations, write and read units of a whole map of `count` items: the step handler the Lambda
 * runs, in-process against DynamoDB Local through a client that sums consumed capacity, every
 * dispatch counted as the invocation it would be. Everything the execution does is in it: the
 * parent's create, entry, join and finish, the item pages, every child's start, step and report.
 * `workers` invocations run at once (1 for timing the handler, more to finish 10,000 items soon).
 */
export async function measureFanOutCapacity(
  dynamoEndpoint: string,
  tableName: string,
  count: number,
  workers: number,
): Promise<FanOutCapacity> {
  const { client, totals, queue, counts, deps } = meteredInProcess(dynamoEndpoint, tableName, {
    serviceName: 'flow-manager',
    logLevel: 'INFO',
  });
  const handler = createStepHandler(() => deps);
  const handlerMs: number[] = [];
  const run = async (message: StepMessage) => {
    const started = performance.now();
    const report = await handler(message, { awsRequestId: randomUUID() } as Context);
    handlerMs.push(performance.now() - started);
    if (report.outcome === 'rejected' || report.outcome === 'skipped')
      throw new Error(`fan-out capacity: step not run (${JSON.stringify(report)})`);
  };
  const {
    result: id,
    bytes,
    lines,
  } = await countingOutput(async () => {
    const { execution } = await createExecution(mapStart(count), { start: true }, deps);
    await drainConcurrently(queue, run, workers);
    return execution.execution_id;
  });
  await expectSucceeded(deps, id, count);
  client.destroy();
  return {
    items: count,
    invocations_per_item: round(counts.dispatched / count, 3),
    wcu_per_item: round(totals.writeUnits / count, 3),
    rcu_per_item: round(totals.readUnits / count, 3),
    log_bytes_per_item: Math.round(bytes / count),
    log_lines_per_item: round(lines / count, 2),
    handler_ms_per_invocation: round(median(handlerMs), 2),
  };
}

/** Runs the queued messages, `workers` at a time, until none is queued or running (runs queue more). */
export function drainConcurrently(
  queue: StepMessage[],
  run: (message: StepMessage) => Promise<void>,
  workers: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let running = 0;
    let failed = false;
    const pump = () => {
      while (!failed && running < workers && queue.length > 0) {
        running++;
        run(queue.shift()!).then(
          () => {
            running--;
            pump();
          },
          (error: unknown) => {
            failed = true;
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      }
      if (!failed && running === 0 && queue.length === 0) resolve();
    };
    pump();
  });
}

/** The parent SUCCEEDED with every item's result, and its fan-out counted every child a success. */
async function expectSucceeded(deps: StepDeps, id: string, count: number): Promise<void> {
  const errors = await errorsOf(deps, id, count);
  if (errors > 0) throw new Error(`fan-out of ${count} items: ${errors} errors`);
}

/** Items that did not succeed, or all of them if the parent did not succeed with every result. */
async function errorsOf(deps: Pick<StepDeps, 'store' | 'fanOuts'>, id: string, count: number): Promise<number> {
  const parent = await deps.store.loadExecution(id);
  const fanOut = await deps.fanOuts.load({ parentId: id, seq: 1 });
  const handedOn = (parent?.state.data as { results?: number } | undefined)?.results;
  if (parent?.status !== 'SUCCEEDED' || handedOn !== count || !fanOut) return count;
  return count - fanOut.counts.succeeded;
}

export interface FanOutSpeed {
  items: number;
  seconds: number;
  items_per_second: number;
  errors: number;
  /** Largest size of the parent's head item seen while its fan-out ran, and once it finished. */
  parent_head_bytes: number;
  peak_rss_mb: number;
}

export interface OfflineTarget {
  /** A client of serverless offline's Lambda endpoint (owned by the caller). */
  lambda: LambdaClient;
  stepFunctionName: string;
  offlinePid: number;
}

/**
 * Seconds of a map of `count` items run by serverless offline, as the throughput rows run their
 * executions: started through the services (create and first invoke of the step function), then
 * every step an asynchronous invocation of our step function. The time is the engine's own:
 * the parent's `completed_at` − `started_at`. The parent's head is read every 200 ms (its size
 * kept), the offline process's RSS every 100 ms.
 */
export async function measureFanOutSpeed(
  dynamoEndpoint: string,
  tableName: string,
  target: OfflineTarget,
  count: number,
): Promise<FanOutSpeed> {
  const { client, deps } = meteredInProcess(dynamoEndpoint, tableName, { serviceName: 'bench-fan-out' });
  // The first step's invoke, as src/dispatch/lambda-step-dispatcher.ts sends it, on the caller's client.
  const dispatcher = {
    dispatch: async (message: StepMessage) => {
      await target.lambda.send(
        new InvokeCommand({
          FunctionName: target.stepFunctionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(message)),
        }),
      );
    },
  };
  let peak = rssMb(target.offlinePid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(target.offlinePid))), 100);
  let headBytes = 0;
  try {
    const { execution } = await createExecution(mapStart(count), { start: true }, { ...deps, dispatcher });
    const id = execution.execution_id;
    // Generous on a loaded machine (10 items/s seen at a load average of 12 on 2 cores).
    const deadline = Date.now() + 120_000 + count * 200;
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      const head = (
        await client.send(new GetCommand({ TableName: tableName, Key: keys.execution(id), ConsistentRead: true }))
      ).Item;
      if (head) headBytes = Math.max(headBytes, dynamoItemBytes(head));
      if (head?.completed_at) {
        const seconds = (Date.parse(String(head.completed_at)) - Date.parse(String(head.started_at))) / 1000;
        return {
          items: count,
          seconds: round(seconds, 2),
          items_per_second: round(count / seconds, 1),
          errors: await errorsOf(deps, id, count),
          parent_head_bytes: headBytes,
          peak_rss_mb: round(peak, 0),
        };
      }
      if (Date.now() > deadline) throw new Error(`fan-out of ${count} items (${id}) did not finish in time`);
    }
  } finally {
    clearInterval(sampler);
    client.destroy();
  }
}
