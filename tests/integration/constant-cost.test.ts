import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { StepMessage } from '../../src/domain/execution/step-message';
import { createExecution } from '../../src/service/execution-lifecycle';
import { getExecution } from '../../src/service/execution-queries';
import { systemClock } from '../../src/ports/clock';
import { runStep } from '../../src/service/step-runner';
import { meterCapacity } from '../../src/storage/dynamo/capacity-meter';
import { createDocumentClient } from '../../src/storage/dynamo/dynamo-client';
import { DynamoExecutionStore } from '../../src/storage/dynamo/dynamo-execution-store';
import { DynamoFanOutStore } from '../../src/storage/dynamo/dynamo-fan-out-store';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { stackEnv } from '../support/stack-env';

/**
 * A step's reads and writes do not grow with the execution's history: the capacity DynamoDB
 * reports for step 2 and for step 400 of the same loop is the same, and polling reads the head only.
 */
describe('constant cost per step', () => {
  const client = createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') });
  const totals = meterCapacity(client);
  const queue: StepMessage[] = [];
  const deps = {
    store: new DynamoExecutionStore(client, stackEnv('TABLE_NAME')),
    fanOuts: new DynamoFanOutStore(client, stackEnv('TABLE_NAME')),
    dispatcher: { dispatch: async (m: StepMessage) => void queue.push(m) },
    registry: defaultRegistry(),
    clock: systemClock,
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    newToken: randomUUID,
    leaseMarginSeconds: 15,
    maxStepTakeovers: 3,
  };
  afterAll(() => client.destroy());

  it('costs the same read and write units at step 2 and at step 400, and polling reads one item', async () => {
    const flow = {
      id: 'cost-loop',
      name: 'cost loop',
      start_task: 'loop',
      max_steps: 401,
      tasks: [{ name: 'loop', task_type: 'noop' }],
      conditions: [
        { name: 'c', source_task: 'loop', outcome: 'success', target_task_success: 'loop', target_task_failure: 'end' },
      ],
    };
    const { execution } = await createExecution(flow, { start: true }, deps);
    const cost: Record<number, { read: number; write: number }> = {};
    while (queue.length > 0) {
      const message = queue.shift()!;
      const before = { ...totals };
      expect(await runStep(message, deps)).toMatchObject({ outcome: 'ran' });
      if (message.seq === 2 || message.seq === 400)
        cost[message.seq] = { read: totals.readUnits - before.readUnits, write: totals.writeUnits - before.writeUnits };
    }
    // Step 1 also reads the definition into this instance's cache; from then on nothing but the head.
    expect(cost[400]).toEqual(cost[2]);
    expect(cost[400]!.read).toBeLessThanOrEqual(1);
    expect(cost[400]!.write).toBeLessThanOrEqual(3);

    const before = { ...totals };
    const polled = await getExecution(execution.execution_id, 0, deps);
    expect(polled.steps_recorded).toBe(401);
    expect(totals.readUnits - before.readUnits).toBeLessThanOrEqual(1);
    expect(totals.calls - before.calls).toBe(1);
  }, 60_000);
});
