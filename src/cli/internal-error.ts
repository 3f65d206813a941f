import { EXIT } from './exit-codes';

export { EXIT };

const TASK_INDEX = 'src/tasks/registry.generated.ts';

/**
 * An error no command reports itself (a bug, or a checkout the client cannot load), as the one
 * line a user sees: what failed and what to do, never a stack trace unless asked for one.
 * `indexProblem` is why the task index could not be regenerated before loading, if it could not.
 */
export function internalErrorLine(error: unknown, withStack = false, indexProblem?: string): string {
  if (withStack && error instanceof Error && error.stack) return `internal error: ${error.stack}`;
  const message = error instanceof Error ? error.message : String(error);
  // Node's message goes on with the whole require stack; its first line names what is missing.
  const firstLine = message.split('\n')[0]!.trim();
  const missingTask = /^Cannot find module '(\.\/types\/[^']+)'/.exec(firstLine);
  if (
    missingTask &&
    (error as { requireStack?: string[] }).requireStack?.some((file) => file.endsWith('registry.generated.ts'))
  ) {
    const why = indexProblem === undefined ? '' : ` (${indexProblem})`;
    return `error: the task index ${TASK_INDEX} names ${missingTask[1]}, which is gone, and it could not be regenerated${why}: fix that, then run \`npm run generate\``;
  }
  return `internal error: ${firstLine} (a bug or a broken installation; FLOW_DEBUG=1 prints the stack trace)`;
}
