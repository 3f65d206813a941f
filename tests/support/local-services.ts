import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import type { StepMessage } from '../../src/domain/execution/step-message';
import { systemClock } from '../../src/ports/clock';
import type { StepDispatcher } from '../../src/ports/step-dispatcher';
import type { StepDeps } from '../../src/service/step-deps';
import { createTable } from '../../scripts/local-stack/create-table';
import type { Execution, StepRecord } from '../../src/domain/execution/execution';
import { createDocumentClient } from '../../src/storage/dynamo/dynamo-client';
import type { ExecutionStore } from '../../src/ports/execution-store';
import { DynamoExecutionStore } from '../../src/storage/dynamo/dynamo-execution-store';
import { DynamoFanOutStore } from '../../src/storage/dynamo/dynamo-fan-out-store';
import { createRegistry } from '../../src/tasks/registry';
import { taskTypes } from '../../src/tasks/registry.generated';
import { defineTask } from '../../src/tasks/task-type';
import { stackEnv } from './stack-env';

/** Keeps dispatched steps instead of invoking Lambda, so a test decides when (and how often) each runs. */
export class RecordingDispatcher implements StepDispatcher {
  readonly sent: StepMessage[] = [];
  async dispatch(message: StepMessage): Promise<void> {
    this.sent.push(message);
  }
  take(): StepMessage[] {
    return this.sent.splice(0, this.sent.length);
  }
}

/** Counts task-body runs per (execution, step); `fail`, `delay_ms` and `output_bytes` shape each run. */
export class RunCounter {
  readonly runs = new Map<string, number>();
  count(executionId: string, seq: number): number {
    return this.runs.get(`${executionId}#${seq}`) ?? 0;
  }
  total(executionId: string): number {
    return [...this.runs].filter(([k]) => k.startsWith(`${executionId}#`)).reduce((sum, [, n]) => sum + n, 0);
  }
  task() {
    return defineTask({
      type: 'counted',
      description: 'Counts its runs (tests only).',
      parameters: z.strictObject({
        fail: z.boolean().default(false),
        delay_ms: z.int().min(0).default(0),
        output_bytes: z.int().min(0).default(0),
        /** Output this many characters that do not compress (random base64) instead of `output_bytes`. */
        random_bytes: z.int().min(0).default(0),
        error_bytes: z.int().min(0).default(0),
      }),
      run: async ({ parameters, executionId, seq }) => {
        const key = `${executionId}#${seq}`;
        this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
        if (parameters.delay_ms > 0) await new Promise((r) => setTimeout(r, parameters.delay_ms));
        if (parameters.fail)
          return {
            status: 'failure',
            error: parameters.error_bytes > 0 ? 'e'.repeat(parameters.error_bytes) : 'told to fail',
          };
        if (parameters.random_bytes > 0)
          return {
            status: 'success',
            output: {
              seq,
              noise: randomBytes(parameters.random_bytes).toString('base64').slice(0, parameters.random_bytes),
            },
          };
        return {
          status: 'success',
          output: parameters.output_bytes > 0 ? { seq, padding: 'x'.repeat(parameters.output_bytes) } : { seq },
        };
      },
    });
  }
}

export const localFanOutStore = (tableName = stackEnv('TABLE_NAME')) =>
  new DynamoFanOutStore(
    createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') }),
    tableName,
  );

export const localStore = (tableName = stackEnv('TABLE_NAME')) =>
  new DynamoExecutionStore(
    createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') }),
    tableName,
  );

/** A table of its own in DynamoDB Local (same declaration), for tests that must see only their own executions. */
export async function isolatedTable(): Promise<string> {
  const name = `flow-manager-it-${randomUUID().slice(0, 8)}`;
  await createTable(stackEnv('DYNAMODB_ENDPOINT'), name);
  return name;
}

/** An execution's head and every recorded step, for assertions. */
export async function loadRecord(
  store: ExecutionStore,
  executionId: string,
): Promise<{ execution: Execution; steps: StepRecord[] } | undefined> {
  const execution = await store.loadExecution(executionId);
  if (!execution) return undefined;
  const page = await store.stepPage(executionId, {
    fromSeq: 1,
    toSeq: execution.steps_recorded,
    limit: 100_000,
    maxBytes: Infinity,
  });
  return { execution, steps: page.steps };
}

/** Real DynamoDB Local store, recording dispatcher, built-in task types plus `counted`. */
export function testDeps(options: { logLevel?: 'INFO' | 'SILENT'; tableName?: string } = {}) {
  const dispatcher = new RecordingDispatcher();
  const counter = new RunCounter();
  const deps: StepDeps = {
    store: localStore(options.tableName),
    fanOuts: localFanOutStore(options.tableName),
    dispatcher,
    registry: createRegistry([...taskTypes, counter.task()]),
    clock: systemClock,
    logger: new Logger({ serviceName: 'flow-manager-test', logLevel: options.logLevel ?? 'SILENT' }),
    newToken: randomUUID,
    leaseMarginSeconds: 15,
    maxStepTakeovers: 3,
  };
  return { deps, dispatcher, counter };
}
