import { isFanOutKind } from '../domain/flow/fan-out-schema';
import type { TaskType } from './task-type';

const TYPE_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * The registry of `types` (the TaskRegistry port, src/ports/task-registry.ts). Backed by a Map so
 * that names such as `constructor` or `__proto__` never resolve to something inherited; names are
 * never turned into file paths.
 */
export function createRegistry(types: readonly TaskType[]): {
  get(type: string): TaskType | undefined;
  names(): string[];
} {
  const byName = new Map<string, TaskType>();
  for (const task of types) {
    if (!TYPE_NAME.test(task.type)) throw new Error(`task type name '${task.type}' must match ${TYPE_NAME}`);
    if (isFanOutKind(task.type))
      throw new Error(`task type name '${task.type}' is reserved: flows use it for their ${task.type} tasks`);
    if (byName.has(task.type)) throw new Error(`task type '${task.type}' is defined twice`);
    byName.set(task.type, task);
  }
  const sorted = [...byName.keys()].sort();
  return {
    get: (type) => byName.get(type),
    names: () => [...sorted],
  };
}
