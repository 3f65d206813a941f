/**
 * The ways between a map or parallel task and its child executions: the address of a task's
 * children list, the filters it offers, and where a child runs, read back from its id.
 */
import type { ExecutionStatus } from '../domain/statuses';

/** The children list's status filter: any, or one status (PENDING: not started yet, as the API has it). */
export const CHILD_STATUS_FILTERS: ReadonlyArray<{ value: '' | ExecutionStatus; label: string }> = [
  { value: '', label: 'all' },
  { value: 'RUNNING', label: 'running' },
  { value: 'SUCCEEDED', label: 'succeeded' },
  { value: 'FAILED', label: 'failed' },
  { value: 'ABORTED', label: 'aborted' },
  { value: 'PENDING', label: 'pending' },
];

/** A filter value from the address: one the list offers, else none (a typo must not ask the API for nothing). */
export function childStatusFilter(asked: string | undefined): '' | ExecutionStatus {
  return CHILD_STATUS_FILTERS.find((f) => f.value !== '' && f.value === asked)?.value ?? '';
}

/**
 * `#/executions/<id>/children?task=<task>[&status=<status>]`: every part encoded, as ids of
 * children hold dots and task names may hold anything a name may (spaces, `/`, `#`, `?`).
 */
export function childrenHref(executionId: string, task: string, status: '' | ExecutionStatus = ''): string {
  const query = new URLSearchParams({ task, ...(status && { status }) });
  return `#/executions/${encodeURIComponent(executionId)}/children?${query.toString()}`;
}

/** A child's parent, and where in the parent's fan-outs it runs; undefined for an execution a caller started. */
export interface ParentOfChild {
  parentId: string;
  /** The parent's step number at the map or parallel task. */
  step: number;
  /** The item's or branch's index (a parallel's branch 1 is index 0). */
  index: number;
}

/**
 * The id's documented shape, `<parent id>.<step>.<index>` (the server's own reading is
 * src/engine/fan-out/child-execution-id.ts, which the browser bundle may not import; the unit
 * tests hold the two to the same answers).
 */
export function parentOf(executionId: string): ParentOfChild | undefined {
  const match = /^(.+)\.([1-9]\d*)\.(0|[1-9]\d*)$/.exec(executionId);
  if (!match) return undefined;
  const [, parentId, step, index] = match;
  // The parent is a caller's execution (A-Z, a-z, 0-9, `-`, `_`), or a child itself.
  if (!/^[A-Za-z0-9_-]+$/.test(parentId!) && !parentOf(parentId!)) return undefined;
  const place = { parentId: parentId!, step: Number(step), index: Number(index) };
  return Number.isSafeInteger(place.step) && Number.isSafeInteger(place.index) ? place : undefined;
}

/** A fan-out's counts in words, as the page writes them beside the link to its children. */
export function childCountsText(counts: {
  total: number;
  pending?: number;
  running?: number;
  succeeded: number;
  failed: number;
  aborted: number;
}): string {
  const parts = [
    `${counts.total} ${counts.total === 1 ? 'child' : 'children'}`,
    ...(['pending', 'running', 'succeeded', 'failed', 'aborted'] as const)
      .filter((k) => (counts[k] ?? 0) > 0)
      .map((k) => `${counts[k]} ${k}`),
  ];
  return parts.join(' · ');
}

/**
 * The child execution a `start_flow` task's run started, as its result tells: the `execution_id`
 * beside the `ExecutionArn` (a child started, or waited for and succeeded); for a waited child that
 * failed, the error is the child's description (JSON text, `{"ExecutionArn":…`), whose child is the
 * step's one (`<execution id>.<step>.0`). A run that started none names none.
 */
export function childFlowOf(
  executionId: string,
  run: { step: number; data: unknown; error: string | null },
): string | undefined {
  const data = run.data;
  if (typeof data === 'object' && data !== null && 'ExecutionArn' in data && 'execution_id' in data)
    return typeof data.execution_id === 'string' ? data.execution_id : undefined;
  return run.error?.startsWith('{"ExecutionArn":') ? `${executionId}.${run.step}.0` : undefined;
}
