/**
 * The API's answers as the console reads them (the OpenAPI document at /openapi.json has them all).
 * Shapes the server's own code declares are imported as types, so they cannot drift; the values
 * imported are the server's status list, which has no dependencies.
 */
import type { ExecutionSummary } from '../domain/execution/execution';
import type { ExecutionStatus } from '../domain/statuses';
import type { EdgeKind, GraphFanOut, GraphGroup } from '../graph/flow-graph';
import type { NodeState } from '../graph/execution-path';
import type { FailRoute } from '../domain/execution/fail-route';
import type { StartedBy } from '../domain/execution/parent-link';
import type { StoppedStep } from '../views/task-progress';
import type { childrenView } from '../views/children-view';
import type { FanOutCounts } from '../views/fan-out-summary';

export type { EdgeKind, ExecutionStatus, ExecutionSummary, FailRoute, FanOutCounts, NodeState, StoppedStep };

/** One page of a map or parallel task's children (GET …/executions/{id}/children). */
export type ChildrenList = ReturnType<typeof childrenView>;
export { EXECUTION_STATUSES, isTerminal } from '../domain/statuses';

export interface ExecutionList {
  executions: ExecutionSummary[];
  count: number;
  next_token: string | null;
}

export interface TaskResult {
  task_name: string;
  status: 'success' | 'failure';
  data: unknown;
  error: string | null;
  error_code: string | null;
  attempt: number;
  step: number;
  started_at: string;
  completed_at: string;
  duration_ms: number;
  truncated?: true;
}

export interface Execution {
  execution_id: string;
  name: string | null;
  flow_id: string;
  flow_name: string;
  flow_version: number | null;
  status: ExecutionStatus;
  current_task: string | null;
  input: unknown;
  /** What the last task handed on; null until the execution SUCCEEDED. */
  output: unknown;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  failed_task: string | null;
  fail_route: FailRoute | null;
  stopped_step: StoppedStep | null;
  error: string | null;
  error_code: string | null;
  steps_executed: number;
  redrive_count: number;
  /** Local stack: the mock configuration's test case it runs on (docs/testing-with-mocks.md). */
  test_case?: { state_machine: string; test_case: string } | null;
  /** While the current task waits (a wait task, a retry's backoff): when it is due. */
  waiting_until: string | null;
  tasks: Array<{ name: string; task_type: string; status: string; attempts: number }>;
  task_results: TaskResult[];
  task_results_paged: boolean;
  task_results_next_token: string | null;
  /** The step of another execution that started this one with `start_flow` without waiting for it. */
  started_by?: StartedBy | null;
  /** Each map or parallel task's latest run, its children counted; absent for a flow without one. */
  fan_out?: Record<string, FanOutCounts>;
}

export interface Graph {
  start: string;
  /** `id` is unique in the graph; a sub-flow's task has the `group` it is in; a map or parallel its `fan_out`. */
  tasks: Array<{
    id: string;
    name: string;
    task_type: string;
    arguments?: unknown;
    group?: string;
    fan_out?: GraphFanOut;
    state?: NodeState;
  }>;
  /** The sub-flows of map and parallel tasks, outermost first. */
  groups: GraphGroup[];
  edges: Array<{
    from: string;
    to: string;
    kind: EdgeKind;
    label: string;
    rule?: number;
    condition?: string;
    times_taken?: number;
    group?: string;
  }>;
  path_partial?: boolean;
}

export interface SavedFlowSummary {
  flow_id: string;
  flow_name: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
}

export interface SavedFlowList {
  flows: SavedFlowSummary[];
  count: number;
  next_token: string | null;
}

export interface SavedFlow extends SavedFlowSummary {
  version: number;
  definition: Record<string, unknown>;
  /** Used by a start that gives no input. */
  default_input: Record<string, unknown>;
  versions: Array<{ version: number; flow_name: string; definition_hash: string; created_at: string }>;
  executions: { counts: Record<string, number>; total: number; complete: boolean };
}

export interface Started {
  execution_id: string;
  status: ExecutionStatus;
  message: string;
}
