import { isMainThread } from 'node:worker_threads';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ErrorCode } from '../domain/error-codes';
import { RetryingDispatcher } from '../dispatch/retrying-dispatcher';
import type { StepDispatcher } from '../ports/step-dispatcher';
import type { StepDeps } from '../service/step-deps';
import type { ExecutionStore, StepCommit } from '../ports/execution-store';
import type { TaskRegistry } from '../ports/task-registry';
import type { TaskType } from '../tasks/task-type';
import { ChaosLedger } from './chaos-ledger';
import type { FaultConfig } from './fault-config';

export class InjectedCrash extends Error {
  constructor(where: string) {
    super(`injected crash ${where}`);
    this.name = 'InjectedCrash';
  }
}

const throttlingError = (name: string, message: string) =>
  Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 429 },
    $retryable: { throttling: true },
  });

/**
 * Wraps the real ports with the faults an at-least-once platform produces (lost and duplicated
 * invokes, invocations dying mid-step, invoke and DynamoDB throttling, a task that kills its
 * invocation every time). Active only when FLOW_FAULTS is set.
 */
export function withFaults(
  deps: StepDeps,
  faults: FaultConfig,
  clients: {
    /** The single-try step invoker: invoke throttling is injected below the retry policy. */
    invoker: StepDispatcher;
    /** The client the store uses: DynamoDB throttling is injected into it. */
    store: DynamoDBDocumentClient;
    /** A separate client for the run ledger, so bookkeeping is never throttled itself. */
    ledger: DynamoDBDocumentClient;
    tableName: string;
  },
  random = Math.random,
): StepDeps {
  const ledger = new ChaosLedger(clients.ledger, clients.tableName);
  if (faults.throttle > 0) injectThrottling(clients.store, faults.throttle, random, ledger);
  const invoker =
    faults.invoke_throttle > 0
      ? throttledInvoker(clients.invoker, faults.invoke_throttle, random, ledger)
      : clients.invoker;
  return {
    ...deps,
    dispatcher: faultyDispatcher(new RetryingDispatcher(invoker), faults, random, deps, ledger),
    store: crashingStore(deps.store, faults, random, ledger, deps.maxStepTakeovers),
    registry: countingRegistry(deps.registry, ledger),
  };
}

function faultyDispatcher(
  inner: StepDispatcher,
  faults: FaultConfig,
  random: () => number,
  deps: StepDeps,
  ledger: ChaosLedger,
): StepDispatcher {
  return {
    async dispatch(message) {
      const roll = random();
      if (roll < faults.drop) {
        deps.logger.warn('fault: dropped a step invoke', { ...message });
        await ledger.countFault('dropped');
        return;
      }
      await inner.dispatch(message);
      if (roll < faults.drop + faults.duplicate) {
        deps.logger.warn('fault: duplicated a step invoke', { ...message });
        await ledger.countFault('duplicate');
        await inner.dispatch(message);
      }
    },
  };
}

function throttledInvoker(
  inner: StepDispatcher,
  probability: number,
  random: () => number,
  ledger: ChaosLedger,
): StepDispatcher {
  return {
    async dispatch(message) {
      if (random() < probability) {
        await ledger.countFault('invoke_throttled');
        throw throttlingError('TooManyRequestsException', 'injected invoke throttling: Rate Exceeded.');
      }
      return inner.dispatch(message);
    },
  };
}

/**
 * Dies between running the task and recording its result: the worst moment for exactly-once.
 * A poison task (its name starts with `faults.poison`) dies there every time. Random crashes are
 * transient: they spare a step's last attempt before the takeover limit, since a step that died
 * that many times in a row fails with step_crashed by design, and a random run of crashes would
 * otherwise turn into a poison step by chance and take another path than the fault-free run.
 */
function crashingStore(
  inner: ExecutionStore,
  faults: FaultConfig,
  random: () => number,
  ledger: ChaosLedger,
  maxStepTakeovers: number,
): ExecutionStore {
  const store = Object.create(inner) as ExecutionStore;
  const mayDie = async (commit: StepCommit) => {
    const poisoned =
      faults.poison !== undefined &&
      commit.step.task_name.startsWith(faults.poison) &&
      commit.step.error_code !== ErrorCode.StepCrashed;
    const roll = random();
    const mayCrash = commit.step.attempt < maxStepTakeovers;
    if (poisoned || (mayCrash && roll < faults.crash + faults.exit)) {
      await ledger.countCrash(commit.executionId, commit.step.seq);
      await ledger.countFault('crashed');
      if (!poisoned && roll < faults.exit) return hardCrash();
      throw new InjectedCrash(`before recording step ${commit.step.seq}`);
    }
  };
  // A step records itself through one of these two: its own commit, or its record alone when its
  // commit travels with the hand-on.
  store.commitStep = async (commit) => {
    await mayDie(commit);
    return inner.commitStep(commit);
  };
  store.recordStep = async (commit) => {
    await mayDie(commit);
    return inner.recordStep(commit);
  };
  return store;
}

/**
 * The invocation dies on the spot: no catch, finally or later write of it runs. Where the handler
 * has its process or thread to itself (a worker thread, a Lambda sandbox) that is a real exit. The
 * local stacks run handlers inside serverless-offline's own process (scripts/local-stack/offline.ts),
 * where exiting would take every other invocation with it; there the invocation is left hanging
 * forever instead, which the engine cannot tell apart from a dead one (its claim is never committed
 * nor released, and offline gives up on it at the function's timeout).
 */
function hardCrash(): Promise<never> {
  if (!isMainThread || process.env.IS_OFFLINE !== 'true') process.exit(1);
  return new Promise<never>(() => undefined);
}

function countingRegistry(inner: TaskRegistry, ledger: ChaosLedger): TaskRegistry {
  const wrapped = new Map<string, TaskType>();
  return {
    names: () => inner.names(),
    get(type) {
      const task = inner.get(type);
      if (!task) return undefined;
      if (!wrapped.has(type)) {
        wrapped.set(type, {
          ...task,
          run: async (ctx) => {
            await ledger.countRun(ctx.executionId, ctx.seq);
            return task.run(ctx);
          },
        });
      }
      return wrapped.get(type);
    },
  };
}

/** Throttling errors raised inside the SDK's retry loop, so its own retry strategy must absorb them. */
function injectThrottling(
  client: DynamoDBDocumentClient,
  probability: number,
  random: () => number,
  ledger: ChaosLedger,
): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      if (random() < probability) {
        await ledger.countFault('dynamo_throttled');
        throw Object.assign(throttlingError('ProvisionedThroughputExceededException', 'injected throttling'), {
          $metadata: { httpStatusCode: 400 },
        });
      }
      return next(args);
    },
    { step: 'deserialize', name: 'injectedThrottling', priority: 'low' },
  );
}
