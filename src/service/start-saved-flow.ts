import { parseExecutionInput } from '../flow-requests/flow-validation';
import { SavedFlowStart } from './execution-lifecycle';
import { executeFlow, type ExecuteFlowResult } from './execute-flow';
import type { SavedFlowDeps } from './saved-flow-deps';
import { requireFlowVersion } from './saved-flows';

/** What a start asks for, from its body. */
export interface StartSavedFlowRequest {
  /** The execution's input; the version's default input when absent, else `{}`. */
  input?: unknown;
  /** The version to run; the latest when absent. */
  version?: number;
  /** A test case of the mock configuration whose StateMachines lists the saved flow by its id (local stack). */
  test_case?: string;
}

export interface StartSavedFlowOptions {
  /** Hold until the execution finishes, at most this long (as POST /api/v1/flows/execute does). */
  waitSeconds: number;
  /** The execution's name (body `name` or Idempotency-Key): an idempotent start. */
  name?: string;
}

/**
 * Starts a saved flow's version through the same path as a posted flow (createExecution, then the
 * optional wait), without validating its definition again. The input is checked first: a bad one
 * reads and writes nothing. A start without input runs with the version's default input (validated
 * when it was saved).
 */
export async function startSavedFlow(
  flowId: string,
  request: StartSavedFlowRequest,
  options: StartSavedFlowOptions,
  deps: SavedFlowDeps,
): Promise<ExecuteFlowResult> {
  const input = request.input === undefined ? undefined : parseExecutionInput(request.input);
  const version = await requireFlowVersion(flowId, request.version, deps);
  return executeFlow(
    new SavedFlowStart(version, input ?? version.default_input ?? {}),
    {
      ...options,
      ...(request.test_case !== undefined && { testCase: { test_case: request.test_case } }),
    },
    deps,
  );
}
