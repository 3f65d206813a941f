import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import type { Execution, StepRecord } from '../../src/domain/execution/execution';
import { type StepMessage, StepMessageSchema } from '../../src/domain/execution/step-message';
import type { Clock } from '../../src/ports/clock';
import type { StepDispatcher } from '../../src/ports/step-dispatcher';
import { createExecution } from '../../src/service/execution-lifecycle';
import { fireDueTimers, type TimerReport } from '../../src/service/fire-timers';
import { type RecoveryReport, recoverStalled } from '../../src/service/recover-stalled';
import type { StepDeps } from '../../src/service/step-deps';
import { runStep, type StepReport } from '../../src/service/step-runner';
import { InMemoryExecutionStore } from '../../src/storage/in-memory/in-memory-execution-store';
import { InMemoryFanOutStore } from '../../src/storage/in-memory/in-memory-fan-out-store';
import { InMemoryFlowStore } from '../../src/storage/in-memory/in-memory-flow-store';
import { InMemoryTable } from '../../src/storage/in-memory/in-memory-table';
import { createRegistry } from '../../src/tasks/registry';
import { taskTypes } from '../../src/tasks/registry.generated';
import { defineTask } from '../../src/tasks/task-type';

/** A clock that moves only when the test moves it: leases, backoffs, waits and deadlines pass at once. */
export class ManualClock implements Clock {
  constructor(private ms = Date.parse('2026-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * Keeps every dispatched step message instead of invoking anything: the test decides which is
 * delivered, when, in what order, how often, or whether it is lost.
 */
export class RecordingDispatcher implements StepDispatcher {
  private readonly queue: StepMessage[] = [];
  /** Every message ever dispatched, in order (what was delivered or dropped included). */
  readonly history: StepMessage[] = [];
  async dispatch(message: StepMessage): Promise<void> {
    this.queue.push(structuredClone(message));
    this.history.push(structuredClone(message));
  }
  /** Messages dispatched and not taken yet, oldest first. */
  get pending(): readonly StepMessage[] {
    return this.queue;
  }
  /** Takes every pending message out (deliver them, keep them for later, or drop them). */
  take(): StepMessage[] {
    return this.queue.splice(0, this.queue.length);
  }
  /** Takes the oldest pending message out; throws if there is none. */
  takeOne(): StepMessage {
    const message = this.queue.shift();
    if (!message) throw new Error('no step message was dispatched');
    return message;
  }
}

/** What the `scripted` task type's body does, per (execution, step): how often it ran, and what a test made it wait for. */
class TaskBodies {
  readonly runs = new Map<string, number>();
  /** A body of this step's attempt waits for this promise before it finishes (a slow or hung invocation). */
  readonly gates = new Map<string, Promise<void>>();
  /** The task token each run of a callback task's body was given, by (execution, step), in run order. */
  readonly taskTokens = new Map<string, Array<string | undefined>>();
  count(executionId: string, seq: number): number {
    return this.runs.get(`${executionId}#${seq}`) ?? 0;
  }
  task() {
    return defineTask({
      type: 'scripted',
      description: 'A task body the engine driver counts and holds (tests only).',
      // Fails its first `fail_runs` runs (retries included), then succeeds.
      parameters: z.strictObject({ fail_runs: z.int().min(0).default(0) }),
      run: async ({ parameters, executionId, seq, attempt, taskRuns, taskToken }) => {
        const key = `${executionId}#${seq}`;
        this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
        this.taskTokens.set(key, [...(this.taskTokens.get(key) ?? []), taskToken]);
        await this.gates.get(`${key}#${attempt}`);
        if (taskRuns <= parameters.fail_runs) return { status: 'failure', error: `told to fail run ${taskRuns}` };
        return { status: 'success', output: { seq, attempt } };
      },
    });
  }
}

/**
 * The engine, in memory and under the test's control, in the spirit of Temporal's time-skipping
 * test environment: the real services (step runner, hand-on, stop, redrive, timers, recovery
 * sweep) over the in-memory ExecutionStore, a manual clock and a recording dispatcher. Nothing
 * runs unless the test delivers it, and no process is started: a scenario takes milliseconds.
 */
export class EngineDriver {
  private readonly table = new InMemoryTable();
  readonly store = new InMemoryExecutionStore(undefined, this.table);
  readonly fanOuts = new InMemoryFanOutStore(this.table);
  /** The saved flows a `start_flow` step starts (save them with src/service/saved-flows.ts saveFlow). */
  readonly flows = new InMemoryFlowStore();
  readonly clock = new ManualClock();
  readonly dispatcher = new RecordingDispatcher();
  readonly bodies = new TaskBodies();
  readonly deps: StepDeps;
  private tokens = 0;

  constructor(options: { leaseMarginSeconds?: number; maxStepTakeovers?: number } = {}) {
    this.deps = {
      store: this.store,
      fanOuts: this.fanOuts,
      dispatcher: this.dispatcher,
      registry: createRegistry([...taskTypes, this.bodies.task()]),
      clock: this.clock,
      logger: new Logger({ serviceName: 'engine-driver', logLevel: 'SILENT' }),
      // Numbered, so a scenario runs the same way every time.
      newToken: () => `token-${++this.tokens}`,
      leaseMarginSeconds: options.leaseMarginSeconds ?? 15,
      maxStepTakeovers: options.maxStepTakeovers ?? 3,
      flows: this.flows,
    };
  }

  /** Creates and starts an execution of `flow` (a request body); its first step message is pending. */
  async start(flow: Record<string, unknown>, input: unknown = {}): Promise<string> {
    const { execution } = await createExecution({ ...flow, input }, { start: true }, this.deps);
    return execution.execution_id;
  }

  /** One invocation of the step function with this message, as the handler runs it. */
  deliver(message: StepMessage): Promise<StepReport> {
    return runStep(StepMessageSchema.parse(structuredClone(message)), this.deps);
  }

  /** Delivers pending messages, oldest first, until none is left; the reports in order. */
  async drain(maxDeliveries = 100): Promise<StepReport[]> {
    const reports: StepReport[] = [];
    while (this.dispatcher.pending.length > 0) {
      if (reports.length >= maxDeliveries) throw new Error(`still delivering after ${maxDeliveries} messages`);
      reports.push(await this.deliver(this.dispatcher.takeOne()));
    }
    return reports;
  }

  /** One poll of the timers at the clock's time: due waits and backoffs are dispatched. */
  fireTimers(): Promise<TimerReport> {
    // forMs 0 with a positive interval: exactly one poll, never a real sleep.
    return fireDueTimers(this.deps, { forMs: 0, pollIntervalMs: 1 });
  }

  /** One recovery sweep at the clock's time, once round every shard. */
  sweep(graceSeconds = 5): Promise<RecoveryReport> {
    return recoverStalled(this.deps, { graceSeconds, timeBudgetMs: Number.MAX_SAFE_INTEGER });
  }

  advance(seconds: number): void {
    this.clock.advance(seconds * 1000);
  }

  async execution(executionId: string): Promise<Execution> {
    const execution = await this.store.loadExecution(executionId);
    if (!execution) throw new Error(`no execution ${executionId}`);
    return execution;
  }

  /** The steps readers see: those the head counts. */
  async steps(executionId: string): Promise<StepRecord[]> {
    const { steps_recorded } = await this.execution(executionId);
    return (
      await this.store.stepPage(executionId, { fromSeq: 1, toSeq: steps_recorded, limit: 10_000, maxBytes: Infinity })
    ).steps;
  }

  /** Makes the body of step `seq`'s attempt `attempt` wait until the returned function is called. */
  hold(executionId: string, seq: number, attempt = 1): () => void {
    const key = `${executionId}#${seq}#${attempt}`;
    let release!: () => void;
    this.bodies.gates.set(key, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.bodies.gates.delete(key);
      release();
    };
  }
}

/** A flow body of `scripted` tasks run in list order (request shape, validated on start). */
export const scriptedFlow = (
  tasks: Array<{ name: string } & Record<string, unknown>>,
  extra: Record<string, unknown> = {},
) => ({
  id: 'driven',
  name: 'driven',
  start_task: tasks[0]!.name,
  tasks: tasks.map((t) => ({ task_type: 'scripted', timeout_seconds: 30, ...t })),
  conditions: [],
  ...extra,
});
