import { z } from 'zod';
import { LIMITS } from '../domain/limits';

/** The payload of one step invocation: which execution, which step number, which task. */
export const StepMessageSchema = z.strictObject({
  execution_id: z.string().min(1).max(LIMITS.maxExecutionIdLength),
  seq: z.int().min(1).max(LIMITS.maxMaxSteps),
  task: z.string().min(1).max(LIMITS.maxNameLength),
});

export type StepMessage = z.output<typeof StepMessageSchema>;

/** Step dispatch port: hands a step to a fresh invocation of the step function. */
export interface StepDispatcher {
  dispatch(message: StepMessage): Promise<void>;
}
