import { z } from 'zod';
import type { Cursor } from '../domain/execution';
import { LIMITS } from '../domain/limits';

/** The payload of one step invocation: which execution, which step number, which task. */
export const StepMessageSchema = z.strictObject({
  execution_id: z.string().min(1).max(LIMITS.maxExecutionIdLength),
  seq: z.int().min(1).max(LIMITS.maxMaxSteps),
  task: z.string().min(1).max(LIMITS.maxNameLength),
  /** The task's timeout, so the step can be claimed (with its lease) before anything is read. */
  timeout_seconds: z.number().positive().max(LIMITS.maxTaskTimeoutSeconds).default(LIMITS.defaultTaskTimeoutSeconds),
  /** The definition's content hash: a warm instance that has it cached reads no definition at all. */
  definition_hash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

export type StepMessage = z.output<typeof StepMessageSchema>;

/** The message that runs the execution's cursor step. */
export const cursorMessage = (executionId: string, cursor: Cursor, definitionHash: string): StepMessage => ({
  execution_id: executionId,
  seq: cursor.seq,
  task: cursor.task,
  timeout_seconds: cursor.timeout_seconds,
  definition_hash: definitionHash,
});

/** Step dispatch port: hands a step to a fresh invocation of the step function. */
export interface StepDispatcher {
  dispatch(message: StepMessage): Promise<void>;
}
