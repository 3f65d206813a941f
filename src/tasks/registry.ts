import type { TaskType } from './task-type';

/**
 * Looks task types up by name. Backed by a Map so that names such as `constructor` or
 * `__proto__` never resolve to something inherited; names are never turned into file paths.
 */
export interface TaskRegistry {
  get(type: string): TaskType | undefined;
  names(): string[];
}

const TYPE_NAME = /^[a-z][a-z0-9_]*$/;

export function createRegistry(types: readonly TaskType[]): TaskRegistry {
  const byName = new Map<string, TaskType>();
  for (const task of types) {
    if (!TYPE_NAME.test(task.type)) throw new Error(`task type name '${task.type}' must match ${TYPE_NAME}`);
    if (byName.has(task.type)) throw new Error(`task type '${task.type}' is defined twice`);
    byName.set(task.type, task);
  }
  const sorted = [...byName.keys()].sort();
  return {
    get: (type) => byName.get(type),
    names: () => [...sorted],
  };
}
