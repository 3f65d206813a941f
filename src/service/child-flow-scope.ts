import type { TaskRunResult } from '../tasks/task-type';
import type { DataScope } from './step-data';

/** `start_flow`'s parameters, as its schema gives them (src/tasks/types/start_flow.ts). */
export interface StartFlowParameters {
  flow_id: string;
  version?: number;
  input?: unknown;
  wait: boolean;
  output_format: 'json' | 'string';
  name?: string;
}

export interface ChildFlowScope extends DataScope {
  claimToken: string;
}

/** What a `start_flow` step's run comes to. */
export type ChildFlowRun =
  | { kind: 'done'; result: TaskRunResult }
  /** The child started and the step is parked until it ends: no compute is held. */
  | { kind: 'parked' }
  /** The child still runs (a stray or recovering delivery): the claim was given back. */
  | { kind: 'running' }
  | { kind: 'lost' };
