import type { ErrorDetail } from '../domain/errors';
import type { Execution, ExecutionDetail } from '../domain/execution';
import { isTerminal } from '../domain/statuses';
import { createExecution } from './execution-lifecycle';
import { describeOnePage, getExecution } from './execution-queries';
import type { StepDeps } from './step-deps';

export type ExecuteFlowResult =
  | { finished: true; detail: ExecutionDetail; warnings: ErrorDetail[] }
  | { finished: false; execution: Execution; warnings: ErrorDetail[] };

/**
 * Starts an execution; with `waitSeconds` > 0 also holds until it finishes or the time is up
 * (the v1 service answered synchronously, and its clients rely on that).
 */
export async function executeFlow(body: unknown, waitSeconds: number, deps: StepDeps): Promise<ExecuteFlowResult> {
  const { execution, warnings } = await createExecution(body, { start: true }, deps);
  if (waitSeconds > 0) {
    const latest = await getExecution(execution.execution_id, waitSeconds, deps);
    if (isTerminal(latest.status)) {
      const detail = await describeOnePage(latest, deps);
      return { finished: true, detail, warnings };
    }
  }
  return { finished: false, execution, warnings };
}
