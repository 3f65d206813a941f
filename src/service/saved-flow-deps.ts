import type { FlowStore } from '../ports/flow-store';
import type { StepDeps } from './step-deps';

/** What the saved-flow services need: the execution services (starting one creates an execution) and the flows' store. */
export interface SavedFlowDeps extends StepDeps {
  flows: FlowStore;
}
