import type { Execution, ExecutionSummary } from '../domain/execution/execution';
import { LIMITS } from '../domain/limits';
import { decodeParentToken, encodeParentToken, type ParentPosition } from '../domain/paging/parent-token';
import type { ListPage } from '../ports/execution-store';
import type { FanOut } from '../ports/fan-out-store';
import { requireExecution } from './execution-lifecycle';
import { recentFanOuts } from './fan-out-queries';
import type { StepDeps } from './step-deps';

/** A child's head as a list entry: the same fields the list indexes give a top-level execution. */
const summaryOf = (child: Execution): ExecutionSummary => ({
  execution_id: child.execution_id,
  name: child.name ?? null,
  flow_id: child.flow_id,
  flow_name: child.flow_name,
  status: child.status,
  created_at: child.created_at,
  ...(child.started_at && { started_at: child.started_at }),
  ...(child.completed_at && { completed_at: child.completed_at }),
  ...(child.failed_task && { failed_task: child.failed_task }),
  ...(child.error && { error: child.error }),
});

/**
 * Past the last index that can have a child: in a fan-out never redriven the children start in
 * index order, so none exists at or past its start cursor; after a redrive any index may.
 */
const endOf = (fanOut: FanOut): number =>
  fanOut.reruns === undefined && fanOut.generation === 0
    ? Math.min(fanOut.nextIndex, fanOut.counts.total)
    : fanOut.counts.total;

/**
 * One page of a parent's child executions (GET /api/v1/flows/executions?parent_execution_id=): its
 * fan-outs in step order (those among its newest LIMITS.fanOutsShown), each one's started children
 * in index order. Children are in no list index (docs/decisions/0025-fan-out-as-child-executions.md):
 * they are read by derived id, at most `limit` per read and LIMITS.childFilterReads reads per page,
 * so a page may hold fewer than `limit` and still carry a next_token.
 */
export async function listChildExecutions(
  parentId: string,
  page: { limit: number; nextToken?: string },
  deps: Pick<StepDeps, 'store' | 'fanOuts'>,
): Promise<ListPage> {
  await requireExecution(parentId, deps);
  const from: ParentPosition =
    page.nextToken === undefined ? { seq: 0, index: 0 } : decodeParentToken(page.nextToken, parentId);
  const fanOuts = (await recentFanOuts(parentId, deps)).filter((f) => f.seq >= from.seq).reverse();
  const items: ExecutionSummary[] = [];
  let reads = 0;
  for (const fanOut of fanOuts) {
    let next = fanOut.seq === from.seq ? from.index : 0;
    const end = endOf(fanOut);
    while (next < end) {
      if (items.length === page.limit || reads === LIMITS.childFilterReads)
        return { items, nextToken: encodeParentToken(parentId, { seq: fanOut.seq, index: next }) };
      const count = Math.min(page.limit - items.length, end - next);
      const indexes = Array.from({ length: count }, (_, k) => next + k);
      const heads = await deps.store.loadChildren(parentId, fanOut.seq, indexes);
      reads++;
      for (const index of indexes) {
        const child = heads.get(index);
        if (child) items.push(summaryOf(child));
      }
      next += count;
    }
  }
  return { items };
}
