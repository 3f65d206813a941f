import type { TaskRegistry } from '../ports/task-registry';
import { createRegistry } from './registry';
// Generated from the files in ./types by scripts/generate-task-index.cjs (npm install, start, test
// and serverless packaging all regenerate it), so adding a task type means adding one file there.
import { taskTypes } from './registry.generated';

let registry: TaskRegistry | undefined;

export function defaultRegistry(): TaskRegistry {
  registry ??= createRegistry(taskTypes);
  return registry;
}
