/**
 * A child execution's id, derived from where it runs: `<parent id>.<fan-out seq>.<index>` (the
 * parent's step number at the map or parallel state, and the item's or branch's index). Derived,
 * so starting the same child twice is the same conditional put, a no-op the second time; and
 * children are read by index without an index of their own. A retry of the state is a new step,
 * so it gets new children; a redrive resumes the same fan-out, so it finds the same ones.
 * No id a caller chooses contains a `.` (they are A-Z, a-z, 0-9, `-`, `_`), so no caller can take
 * a child's id before the child is started. A nested child's parent is itself a child:
 * `order-42.7.3.2.0` is branch 0 of the fan-out at step 2 of item 3 of the map at step 7.
 */
export function childExecutionId(parentId: string, fanOutSeq: number, index: number): string {
  if (!CALLER_ID.test(parentId) && childPlace(parentId) === undefined)
    throw new RangeError(`not an execution id: '${parentId}'`);
  if (!Number.isSafeInteger(fanOutSeq) || fanOutSeq < 1)
    throw new RangeError(`a fan-out's step number must be a whole number >= 1, got ${fanOutSeq}`);
  if (!Number.isSafeInteger(index) || index < 0)
    throw new RangeError(`a child's index must be a whole number >= 0, got ${index}`);
  return `${parentId}.${fanOutSeq}.${index}`;
}

export interface ChildPlace {
  parentId: string;
  fanOutSeq: number;
  index: number;
}

/** Where a child runs, read back from its id; undefined for an execution that is no child. */
export function childPlace(executionId: string): ChildPlace | undefined {
  const match = /^(.+)\.([1-9]\d*)\.(0|[1-9]\d*)$/.exec(executionId);
  if (!match) return undefined;
  const [, parentId, seq, index] = match;
  const place = { parentId: parentId!, fanOutSeq: Number(seq), index: Number(index) };
  if (!Number.isSafeInteger(place.fanOutSeq) || !Number.isSafeInteger(place.index)) return undefined;
  // The parent is a caller's execution, or a child itself.
  return CALLER_ID.test(place.parentId) || childPlace(place.parentId) !== undefined ? place : undefined;
}

/** The characters of an id a caller chooses (src/http/request.ts holds the API's rule, with its length). */
const CALLER_ID = /^[A-Za-z0-9_-]+$/;
