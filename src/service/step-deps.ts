import type { AppLogger } from '../observability/logger';
import type { StepDispatcher } from '../dispatch/step-message';
import type { ExecutionStore } from '../storage/execution-store';
import type { TaskRegistry } from '../tasks/registry';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Everything the services need, built once per cold start (see src/app/services.ts). */
export interface StepDeps {
  store: ExecutionStore;
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
}
