/**
 * The name a `start_flow` step starts its child under when it does not wait for it and the task
 * names none: derived from the step, so a step run again (a takeover) finds the same child by its
 * name's idempotent start, and the parent's history finds it from the step alone. Pure.
 */
export const detachedChildName = (parentId: string, seq: number): string => `${parentId}-${seq}`;
