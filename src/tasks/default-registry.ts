import { createRegistry } from './registry';
// Generated from the files in ./types by scripts/generate-task-index.cjs (npm install, start, test
// and serverless packaging all regenerate it), so adding a task type means adding one file there.
import { taskTypes } from './registry.generated';

let registry: ReturnType<typeof createRegistry> | undefined;

/** Every task type of this deployment (a TaskRegistry, src/ports/task-registry.ts). */
export function defaultRegistry(): ReturnType<typeof createRegistry> {
  registry ??= createRegistry(taskTypes);
  return registry;
}
