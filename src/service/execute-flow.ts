import type { ErrorDetail } from '../domain/errors';
import type { Execution, ExecutionDetail } from '../domain/execution/execution';
import { isTerminal } from '../domain/statuses';
import { createExecution } from './execution-lifecycle';
import { describeOnePage, getExecution } from './execution-queries';
import type { StepDeps } from './step-deps';
import { takeTestCase, type TestCaseRequest } from './mocked-runs';

export type ExecuteFlowResult =
  | { finished: true; detail: ExecutionDetail; warnings: ErrorDetail[] }
  | { finished: false; execution: Execution; warnings: ErrorDetail[]; reused: boolean };

export interface ExecuteFlowOptions {
  waitSeconds: number;
  /** The Idempotency-Key header: the execution's name, if the body does not give one (or gives the same). */
  name?: string;
  /** A saved flow's start: its test case, if it asks for one (a posted body carries its own beside `flow` or `asl`). */
  testCase?: TestCaseRequest;
}

/**
 * Starts an execution (or, for a name already held by an open execution of the same request,
 * returns that one: `reused`); with `waitSeconds` > 0 also holds until it finishes or the time is
 * up (the v1 service answered synchronously, and its clients rely on that).
 */
export async function executeFlow(
  body: unknown,
  options: ExecuteFlowOptions,
  deps: StepDeps,
): Promise<ExecuteFlowResult> {
  const { waitSeconds } = options;
  const posted = takeTestCase(body);
  const testCase = options.testCase ?? posted.request;
  const {
    execution,
    warnings,
    reused = false,
  } = await createExecution(
    posted.body,
    { start: true, name: options.name, nameInBody: true, asl: true, ...(testCase && { testCase }) },
    deps,
  );
  if (waitSeconds > 0) {
    const latest = await getExecution(execution.execution_id, waitSeconds, deps);
    if (isTerminal(latest.status)) {
      const detail = await describeOnePage(latest, deps);
      return { finished: true, detail, warnings };
    }
  }
  return { finished: false, execution, warnings, reused };
}
