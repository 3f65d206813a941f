import { z } from 'zod';
import type { FlowDefinition } from '../domain/flow-definition';
import { LIMITS } from '../domain/limits';

/** The payload of one step invocation: which execution, which step number, which task. */
export const StepMessageSchema = z.strictObject({
  execution_id: z.string().min(1).max(LIMITS.maxExecutionIdLength),
  seq: z.int().min(1).max(LIMITS.maxMaxSteps),
  task: z.string().min(1).max(LIMITS.maxNameLength),
  /** The task's timeout, so the step can be claimed (with its lease) before the execution is read. */
  timeout_seconds: z.number().positive().max(LIMITS.maxTaskTimeoutSeconds).default(LIMITS.defaultTaskTimeoutSeconds),
});

export type StepMessage = z.output<typeof StepMessageSchema>;

/** The message that runs `task` as step `seq` of an execution of `flow`. */
export function stepMessage(flow: FlowDefinition, executionId: string, seq: number, task: string): StepMessage {
  const timeout = flow.tasks.find((t) => t.name === task)?.timeout_seconds ?? LIMITS.defaultTaskTimeoutSeconds;
  return { execution_id: executionId, seq, task, timeout_seconds: timeout };
}

/** Step dispatch port: hands a step to a fresh invocation of the step function. */
export interface StepDispatcher {
  dispatch(message: StepMessage): Promise<void>;
}
