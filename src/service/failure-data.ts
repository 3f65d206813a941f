import { resultPath } from '../asl/jsonpath';
import { ErrorCode } from '../domain/error-codes';
import { stateInput } from '../domain/execution/execution-state';
import type { TaskRunResult } from '../domain/execution/task-result';
import type { Catcher } from '../domain/flow/error-handling';
import { evaluateTemplate } from '../expressions';
import { catcherFor, errorName } from '../engine/error-matching';
import type { StepRun } from '../engine/settle-step';
import { dataBindings, type DataScope, storedTemplate } from './step-data';

/**
 * What a failed step hands the engine besides its result: the data a catcher shapes for the next
 * task, when it is a state machine's (a JSONPath catcher's ResultPath, a JSONata catcher's
 * Output), and whether the failure is terminal (a JSONPath state's States.Runtime). Nothing for a
 * success or a native catcher: the engine then hands `{ error, cause }` on.
 */
export async function failureData(
  scope: DataScope,
  definitionHash: string,
  failure: TaskRunResult,
): Promise<Pick<StepRun, 'caughtOutput' | 'terminal'>> {
  if (failure.status !== 'failure') return {};
  const catchers = scope.task.catch ?? [];
  const catcher = catcherFor(catchers, errorName(failure.error_code));
  const errorOutput = { Error: errorName(failure.error_code), Cause: failure.error ?? '' };
  const caughtOutput =
    catcher === undefined
      ? undefined
      : 'result_path' in catcher
        ? placedError(scope, catcher, errorOutput)
        : catcher.output !== undefined
          ? await shapedError(scope, definitionHash, catchers.indexOf(catcher), catcher.output, errorOutput)
          : undefined;
  return {
    ...(caughtOutput !== undefined && { caughtOutput }),
    ...(scope.task.jsonpath && isTerminalFailure(failure) && { terminal: true }),
  };
}

/** A JSONPath catcher: the state's input with `{ Error, Cause }` placed at its ResultPath, as Step Functions hands a caught error on. */
function placedError(scope: DataScope, catcher: Catcher, errorOutput: Record<string, unknown>): unknown {
  try {
    return resultPath(stateInput(scope.execution.state), errorOutput, catcher.result_path);
  } catch {
    // The input cannot take the error there (not an object): the error alone, as `$` would place it.
    return errorOutput;
  }
}

/** A JSONata catcher's Output over `$states.input` and `$states.errorOutput`; the error alone if it cannot be evaluated. */
async function shapedError(
  scope: DataScope,
  definitionHash: string,
  index: number,
  output: unknown,
  errorOutput: Record<string, unknown>,
): Promise<unknown> {
  try {
    const template = storedTemplate(definitionHash, `tasks.${scope.task.name}.catch.${index}.output`, output);
    return await evaluateTemplate(template, dataBindings(scope, { errorOutput }));
  } catch {
    return errorOutput;
  }
}

/**
 * Step Functions' States.Runtime (a path that selects nothing, a value of the wrong kind) is no
 * error a state machine handles: no retrier or catcher takes it, `States.ALL` and its own name
 * alike, and the execution fails.
 */
const isTerminalFailure = (result: TaskRunResult): boolean =>
  result.status === 'failure' && result.error_code === ErrorCode.Runtime;
