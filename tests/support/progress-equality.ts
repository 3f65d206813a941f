import { ProgressMap } from '../../src/domain/execution/progress-map';

/**
 * An execution read from storage keeps its per-task progress in a ProgressMap (entries decoded
 * when read); one built in a test holds a Map. Both are the same ReadonlyMap to the code, so they
 * are equal when their entries are, in the same order.
 */
function progressEquality(
  this: { equals: (a: unknown, b: unknown) => boolean },
  a: unknown,
  b: unknown,
): boolean | undefined {
  const progressLike = (value: unknown) => value instanceof ProgressMap || value instanceof Map;
  if (!(a instanceof ProgressMap || b instanceof ProgressMap) || !progressLike(a) || !progressLike(b)) return undefined;
  return this.equals([...(a as ReadonlyMap<string, unknown>)], [...(b as ReadonlyMap<string, unknown>)]);
}

// Jest 29.4+ has it; the @types/jest in use does not declare it yet.
(expect as unknown as { addEqualityTesters(testers: unknown[]): void }).addEqualityTesters([progressEquality]);
