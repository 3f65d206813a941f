import type { Execution } from '../domain/execution/execution';
import type { ExecutionStatus } from '../domain/statuses';

/** One child of a page: its head, absent while it has not been started. */
export interface ChildEntry {
  index: number;
  executionId: string;
  execution?: Execution;
  /** Asked for (`include=output`): its place in its map's result, null until it ended (src/engine/fan-out/written-results.ts). */
  output?: unknown;
}

export interface ChildrenPage {
  task: string;
  /** The fan-out shown: the parent's step number at the task's latest run; absent if it never ran. */
  seq?: number;
  children: ChildEntry[];
  nextToken?: string;
}

/** A child never started shows as PENDING. */
export const childStatus = (child: ChildEntry): ExecutionStatus => child.execution?.status ?? 'PENDING';

/**
 * GET /api/v1/flows/executions/{id}/children: one page of a fan-out's children, in index order.
 * With `includeOutput`, each child's `output` is its place in its map's result (null until it ended).
 */
export function childrenView(executionId: string, page: ChildrenPage, options: { includeOutput?: boolean } = {}) {
  return {
    execution_id: executionId,
    task: page.task,
    children: page.children.map((child) => ({
      execution_id: child.executionId,
      index: child.index,
      status: childStatus(child),
      started_at: child.execution?.started_at ?? null,
      ended_at: child.execution?.completed_at ?? null,
      error_code: child.execution?.reason ?? null,
      ...(options.includeOutput && { output: child.output ?? null }),
    })),
    next_token: page.nextToken ?? null,
  };
}
