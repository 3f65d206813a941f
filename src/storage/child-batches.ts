import type { Execution } from '../domain/execution/execution';
import { childPlace } from '../engine/fan-out/child-execution-id';

/** The most children one read asks for: DynamoDB's BatchGetItem takes at most 100 keys. */
export const CHILD_BATCH_MAX = 100;

/** A child's head must say where it runs, and its id must say the same. */
export function assertChildHead(child: Execution): void {
  const place = childPlace(child.execution_id);
  const link = child.parent;
  const agrees =
    place !== undefined &&
    link?.execution_id === place.parentId &&
    link.seq === place.fanOutSeq &&
    link.index === place.index;
  if (!agrees) throw new RangeError(`'${child.execution_id}' is not the id of the child its parent link names`);
}

export function assertChildBatch(indexes: readonly number[]): void {
  if (indexes.length > CHILD_BATCH_MAX)
    throw new RangeError(`at most ${CHILD_BATCH_MAX} children are read at once, not ${indexes.length}`);
}
