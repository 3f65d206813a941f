import { ErrorCode } from '../../domain/error-codes';
import type { Execution } from '../../domain/execution/execution';
import { executionOutput } from '../../domain/execution/execution-state';
import type { ChildCounts } from '../../domain/fan-out/fan-out-progress';
import { isTerminal } from '../../domain/statuses';
import { failedItemOutput } from './ordered-results';

/** The joined run of a map, as the summary names it (the fan-out item's key and counts). */
export interface WrittenRun {
  parentId: string;
  seq: number;
  stateName: string;
  counts: ChildCounts;
}

/** The result of a map with `write_results: true` (docs/fan-out.md, "Results written out"). */
export interface WrittenResults {
  /** The execution whose map this is (a child's id when the map is nested). */
  execution_id: string;
  task: string;
  /** The step number of the map's run: the children route's `run`, and the middle part of each child's id. */
  run: number;
  total: number;
  succeeded: number;
  /** Failed, timed out or stopped: the failures the map tolerated. */
  failed: number;
  /** Where the outputs are read, in item order, one page at a time (each failed item's as `{ error, cause }`). */
  results_path: string;
}

/**
 * What a map that writes its results out hands on instead of its items' outputs: the run's counts
 * and where to read the outputs, which stay on the children (each child's head holds its own).
 * Its size does not grow with the items, so the map is never over the state limit; it reads
 * nothing, and is the same at every delivery of the step (no clock, no id drawn).
 */
export function writtenResults(run: WrittenRun): WrittenResults {
  const { parentId, seq, stateName, counts } = run;
  const query = new URLSearchParams({ task: stateName, run: String(seq), include: 'output' });
  return {
    execution_id: parentId,
    task: stateName,
    run: seq,
    total: counts.total,
    succeeded: counts.succeeded,
    failed: counts.failed + counts.aborted,
    results_path: `/api/v1/flows/executions/${encodeURIComponent(parentId)}/children?${query.toString()}`,
  };
}

/**
 * A child's place in its map's result, as the gather puts it there: a succeeded child's output,
 * a failed, timed out or stopped one's `{ error, cause }`. Undefined while the child has not ended
 * (or never started). What the children route shows as each child's `output`.
 */
export function itemResult(child: Pick<Execution, 'status' | 'state' | 'reason' | 'error'> | undefined): unknown {
  if (child === undefined || !isTerminal(child.status)) return undefined;
  if (child.status === 'SUCCEEDED') return executionOutput(child);
  return failedItemOutput(child.reason ?? ErrorCode.Aborted, child.error);
}
