import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import type { StepDispatcher, StepMessage } from '../../src/dispatch/step-message';
import { type StepDeps, systemClock } from '../../src/service/step-deps';
import { createDocumentClient } from '../../src/storage/dynamo-client';
import { DynamoExecutionStore } from '../../src/storage/dynamo-execution-store';
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

/** Counts task-body runs per (execution, step); `fail` and `delay_ms` shape each run. */
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
      parameters: z.strictObject({ fail: z.boolean().default(false), delay_ms: z.int().min(0).default(0) }),
      run: async ({ parameters, executionId, seq }) => {
        const key = `${executionId}#${seq}`;
        this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
        if (parameters.delay_ms > 0) await new Promise((r) => setTimeout(r, parameters.delay_ms));
        return parameters.fail ? { status: 'failure', error: 'told to fail' } : { status: 'success', output: { seq } };
      },
    });
  }
}

export const localStore = () =>
  new DynamoExecutionStore(createDocumentClient({ region: 'us-east-1', endpoint: stackEnv('DYNAMODB_ENDPOINT') }), stackEnv('TABLE_NAME'));

/** Real DynamoDB Local store, recording dispatcher, built-in task types plus `counted`. */
export function testDeps(options: { logLevel?: 'INFO' | 'SILENT' } = {}) {
  const dispatcher = new RecordingDispatcher();
  const counter = new RunCounter();
  const deps: StepDeps = {
    store: localStore(),
    dispatcher,
    registry: createRegistry([...taskTypes, counter.task()]),
    clock: systemClock,
    logger: new Logger({ serviceName: 'flow-manager-test', logLevel: options.logLevel ?? 'SILENT' }),
    newToken: randomUUID,
    leaseMarginSeconds: 15,
  };
  return { deps, dispatcher, counter };
}
