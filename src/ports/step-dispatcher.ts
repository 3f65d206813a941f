import type { StepMessage } from '../domain/execution/step-message';

/** Step dispatch port: hands a step to a fresh invocation of the step function. */
export interface StepDispatcher {
  dispatch(message: StepMessage): Promise<void>;
}
