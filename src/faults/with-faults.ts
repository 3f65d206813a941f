import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StepDispatcher } from '../dispatch/step-message';
import type { StepDeps } from '../service/step-deps';
import type { ExecutionStore } from '../storage/execution-store';
import type { TaskRegistry } from '../tasks/registry';
import type { TaskType } from '../tasks/task-type';
import { ChaosLedger } from './chaos-ledger';
import type { FaultConfig } from './fault-config';

export class InjectedCrash extends Error {
  constructor(where: string) {
    super(`injected crash ${where}`);
    this.name = 'InjectedCrash';
  }
}

/**
 * Wraps the real ports with the faults an at-least-once platform produces (lost and duplicated
 * invokes, invocations dying mid-step, throttling). Active only when FLOW_FAULTS is set.
 */
export function withFaults(
  deps: StepDeps,
  faults: FaultConfig,
  clients: {
    /** The client the store uses: throttling is injected into it. */
    store: DynamoDBDocumentClient;
    /** A separate client for the run ledger, so bookkeeping is never throttled itself. */
    ledger: DynamoDBDocumentClient;
    tableName: string;
  },
  random = Math.random,
): StepDeps {
  const ledger = new ChaosLedger(clients.ledger, clients.tableName);
  if (faults.throttle > 0) injectThrottling(clients.store, faults.throttle, random);
  return {
    ...deps,
    dispatcher: faultyDispatcher(deps.dispatcher, faults, random, deps),
    store: crashingStore(deps.store, faults, random, ledger),
    registry: countingRegistry(deps.registry, ledger),
  };
}

function faultyDispatcher(inner: StepDispatcher, faults: FaultConfig, random: () => number, deps: StepDeps): StepDispatcher {
  return {
    async dispatch(message) {
      const roll = random();
      if (roll < faults.drop) {
        deps.logger.warn('fault: dropped a step invoke', { ...message });
        return;
      }
      await inner.dispatch(message);
      if (roll < faults.drop + faults.duplicate) {
        deps.logger.warn('fault: duplicated a step invoke', { ...message });
        await inner.dispatch(message);
      }
    },
  };
}

/** Dies between running the task and recording its result: the worst moment for exactly-once. */
function crashingStore(inner: ExecutionStore, faults: FaultConfig, random: () => number, ledger: ChaosLedger): ExecutionStore {
  const store = Object.create(inner) as ExecutionStore;
  store.recordStepResult = async (completion) => {
    const roll = random();
    if (roll < faults.crash + faults.exit) {
      await ledger.countCrash(completion.executionId, completion.seq);
      if (roll < faults.exit) process.exit(1);
      throw new InjectedCrash(`before recording step ${completion.seq}`);
    }
    return inner.recordStepResult(completion);
  };
  return store;
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
function injectThrottling(client: DynamoDBDocumentClient, probability: number, random: () => number): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      if (random() < probability) {
        throw Object.assign(new Error('injected throttling'), {
          name: 'ProvisionedThroughputExceededException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
          $retryable: { throttling: true },
        });
      }
      return next(args);
    },
    { step: 'deserialize', name: 'injectedThrottling', priority: 'low' },
  );
}
