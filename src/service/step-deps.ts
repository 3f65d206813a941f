import type { AppLogger } from '../observability/logger';
import type { Clock } from '../ports/clock';
import type { StepDispatcher } from '../ports/step-dispatcher';
import type { ExecutionStore } from '../ports/execution-store';
import type { FanOutStore } from '../ports/fan-out-store';
import type { TaskRegistry } from '../ports/task-registry';
import type { MockConfigSource } from '../ports/mock-config-source';
import type { FlowStore } from '../ports/flow-store';

/** Everything the services need, built once per cold start (see src/app/services.ts). */
export interface StepDeps {
  store: ExecutionStore;
  /** The fan-out items of map and parallel states (docs/decisions/0025-fan-out-as-child-executions.md). */
  fanOuts: FanOutStore;
  dispatcher: StepDispatcher;
  registry: TaskRegistry;
  clock: Clock;
  logger: AppLogger;
  newToken: () => string;
  /** Added to a task's timeout to form its step lease. */
  leaseMarginSeconds: number;
  /** A step whose invocation died this many times in a row fails with `step_crashed` instead of running again. */
  maxStepTakeovers: number;
  /** Local stack only (FLOW_TIME_SCALE): every wait and retry backoff lasts this many times less. Default 1. */
  timeScale?: number;
  /** Local stack only (SFN_MOCK_CONFIG): mocked responses an execution started with a test case runs on. */
  mocks?: MockConfigSource;
  /** The saved flows, which a `start_flow` step starts as child executions (absent: such a step fails). */
  flows?: FlowStore;
}
