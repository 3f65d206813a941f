import { assignTemplate, resultPath } from '../asl/jsonpath';
import { ErrorCode } from '../domain/error-codes';
import { stateInput } from '../domain/execution/execution-state';
import type { TaskRunResult } from '../domain/execution/task-result';
import type { Catcher } from '../domain/flow/error-handling';
import { evaluateTemplate } from '../expressions';
import { catcherFor, errorName, retrierFor } from '../engine/error-matching';
import type { StepRun } from '../engine/settle-step';
import { caught, intrinsicEvaluator, pathSources } from './jsonpath-data';
import { dataBindings, type DataScope, type Evaluated, evaluated, storedTemplate } from './step-data';

/**
 * What a failed step hands the engine besides its result: the data a catcher shapes for the next
 * task, when it is a state machine's (a JSONPath catcher's ResultPath, a JSONata catcher's
 * Output), the variables the catcher's `assign` sets, and whether the failure is terminal (a
 * JSONPath state's States.Runtime). Nothing for a success or a native catcher without `assign`:
 * the engine then hands `{ error, cause }` on. A catcher's `assign` that cannot be evaluated (a
 * path that selects nothing, an unset variable) fails the execution with its own error, terminal:
 * the catcher was already chosen, as Step Functions fails the state then.
 */
export async function failureData(
  scope: DataScope,
  definitionHash: string,
  failure: TaskRunResult,
): Promise<Pick<StepRun, 'caughtOutput' | 'terminal' | 'assigned'> & { result?: TaskRunResult }> {
  if (failure.status !== 'failure') return {};
  const catchers = scope.task.catch ?? [];
  const catcher = catcherFor(catchers, errorName(failure.error_code));
  const errorOutput = { Error: errorName(failure.error_code), Cause: failure.error ?? '' };
  const taken = catcher !== undefined && !retried(scope, errorName(failure.error_code)) && !terminal(scope, failure);
  if (taken && catcher.assign !== undefined) {
    const assigned = await catcherAssigned(
      scope,
      definitionHash,
      catchers.indexOf(catcher),
      catcher.assign,
      errorOutput,
    );
    if (!assigned.ok) return { result: assigned.failure, terminal: true };
    return { ...(await caughtData(scope, definitionHash, failure, catcher, errorOutput)), assigned: assigned.value };
  }
  return caughtData(scope, definitionHash, failure, catcher, errorOutput);
}

async function caughtData(
  scope: DataScope,
  definitionHash: string,
  failure: TaskRunResult,
  catcher: Catcher | undefined,
  errorOutput: Record<string, unknown>,
): Promise<Pick<StepRun, 'caughtOutput' | 'terminal'>> {
  const catchers = scope.task.catch ?? [];
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
    ...(terminal(scope, failure) && { terminal: true }),
  };
}

/** Whether a retrier takes the failure (as nextTransition decides it): the catcher is not reached yet. */
function retried(scope: DataScope, name: string): boolean {
  const retriers = scope.task.retry ?? [];
  const index = retrierFor(retriers, name);
  return index >= 0 && (scope.execution.cursor?.retries?.[index] ?? 0) < retriers[index]!.max_attempts;
}

const terminal = (scope: DataScope, failure: TaskRunResult): boolean =>
  scope.task.jsonpath !== undefined && isTerminalFailure(failure);

/**
 * The variables a catcher sets: with JSONPath fields, its payload template reading the error
 * output as `$`; otherwise its JSONata templates seeing `$states.errorOutput`. Either reads the
 * variables as they were before the failed task.
 */
function catcherAssigned(
  scope: DataScope,
  definitionHash: string,
  index: number,
  assign: Record<string, unknown>,
  errorOutput: Record<string, unknown>,
): Promise<Evaluated<Map<string, unknown>>> | Evaluated<Map<string, unknown>> {
  const at = `tasks.${scope.task.name}.catch.${index}.assign`;
  if (scope.task.jsonpath)
    return caught(() => {
      const { context, variables } = pathSources(scope);
      return assignTemplate(assign, errorOutput, context, intrinsicEvaluator, variables, `Catch[${index}].Assign`);
    });
  return evaluated(async () => {
    const set = new Map<string, unknown>();
    for (const [name, value] of Object.entries(assign))
      set.set(
        name,
        await evaluateTemplate(
          storedTemplate(definitionHash, `${at}.${name}`, value),
          dataBindings(scope, { errorOutput }),
        ),
      );
    return set;
  });
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
