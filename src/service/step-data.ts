import { ChoiceStateError } from '../asl/choice-rules/choice-state-error';
import { type ContextObject, contextObject } from '../asl/jsonpath';
import { ErrorCode } from '../domain/error-codes';
import type { Execution } from '../domain/execution/execution';
import { stateInput, variablesRecord } from '../domain/execution/execution-state';
import { type ChoiceCondition, isAslChoiceRule, type TaskDefinition } from '../domain/flow/flow-definition';
import {
  buildStatesContext,
  type CompiledTemplate,
  type ContextFacts,
  compileTemplate,
  ExpressionEvaluationError,
  evaluateTemplate,
  type JsonValue,
  type StatesContext,
} from '../expressions';
import type { TaskRunResult } from '../tasks/task-type';
import { aslChoiceRuleHolds } from './asl-choice-rule';

/**
 * Where a task's data comes from and goes to, through JSONata templates: its `arguments` before it
 * runs, its `output` and `assign` after it succeeded, and its condition's choice rules. A template
 * is compiled once per warm instance (flows are validated on submission, so this never fails for a
 * stored definition). An evaluation error is the catchable `States.QueryEvaluationError`. A choice
 * rule may instead be a States Language `rule`, read through JSONPath (src/service/asl-choice-rule.ts).
 */
const compiled = new Map<string, CompiledTemplate>();

export function storedTemplate(definitionHash: string, field: string, value: unknown): CompiledTemplate {
  const key = `${definitionHash}|${field}`;
  let found = compiled.get(key);
  if (!found) {
    const outcome = compileTemplate(value as JsonValue, field);
    if (!outcome.ok)
      throw new Error(
        `stored template ${field} does not compile: ${outcome.problems.map((p) => p.message).join('; ')}`,
      );
    found = outcome.template;
    if (compiled.size > 2000) compiled.clear();
    compiled.set(key, found);
  }
  return found;
}

export interface DataScope {
  execution: Execution;
  task: TaskDefinition;
  /** When the state was entered (this run's start). */
  enteredAt: Date;
  /** In a map's `item_selector`: the item at hand (`$states.context.Map.Item`). */
  mapItem?: { index: number; value: JsonValue };
  /**
   * A mocked callback task's token (src/service/mocked-runs.ts): it does not wait, so it has no
   * wait of its own, yet its Parameters may read `$$.Task.Token`, as Step Functions Local makes one up.
   */
  mockTaskToken?: string;
}

/** What the state knows of itself and its execution: `$states.context` in JSONata, `$$` in JSONPath. */
export const contextFacts = ({ execution, task, enteredAt, mapItem, mockTaskToken }: DataScope): ContextFacts => ({
  ...(mapItem && { mapItem }),
  ...executionFacts(execution),
  redriveCount: execution.redrive_count ?? 0,
  ...(execution.redrive && { redriveTime: execution.redrive.at }),
  stateName: task.name,
  stateEnteredTime: enteredAt,
  retryCount: (execution.cursor?.retries ?? []).reduce((sum, n) => sum + n, 0),
  flowId: execution.flow_id,
  flowName: execution.flow_name,
  ...(execution.cursor?.callback && { taskToken: execution.cursor.callback.token }),
  ...(mockTaskToken !== undefined && { taskToken: mockTaskToken }),
});

/**
 * `$$.Execution.Id`, `.Name`, `.StartTime` and `.Input`: inside a map iteration or parallel branch
 * those of the execution a caller started, as Step Functions gives them (an iteration is no
 * execution of its own there), carried on the child's state when it was created.
 */
function executionFacts(execution: Execution) {
  const top = execution.state.outer?.execution;
  if (top)
    return {
      executionId: top.id,
      executionName: top.name ?? top.id,
      executionStartTime: top.started_at,
      executionInput: top.input as JsonValue,
    };
  return {
    executionId: execution.execution_id,
    // Step Functions names every execution (a UUID when the caller gives none): ours is its id then.
    executionName: execution.name ?? execution.execution_id,
    executionStartTime: execution.started_at ?? execution.created_at,
    executionInput: execution.state.input as JsonValue,
  };
}

const context = (scope: DataScope): StatesContext => buildStatesContext(contextFacts(scope));

export const dataBindings = (
  scope: DataScope,
  extra: { input?: unknown; result?: unknown; errorOutput?: unknown } = {},
) => ({
  states: {
    // A null input is an input (a choice on a task's null output, a fan-out's null arguments).
    input: (extra.input !== undefined ? extra.input : stateInput(scope.execution.state)) as JsonValue,
    ...(extra.result !== undefined && { result: extra.result as JsonValue }),
    ...(extra.errorOutput !== undefined && { errorOutput: extra.errorOutput as JsonValue }),
    context: context(scope),
  },
  variables: variablesRecord(scope.execution.state) as Record<string, JsonValue>,
});

export type Evaluated<T> = { ok: true; value: T } | { ok: false; failure: TaskRunResult };

export async function evaluated<T>(work: () => Promise<T>): Promise<Evaluated<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const message =
      error instanceof ExpressionEvaluationError || error instanceof Error ? error.message : String(error);
    // A States Language choice rule fails with its own name (States.Runtime), as a Choice state does.
    const code = error instanceof ChoiceStateError ? error.errorName : ErrorCode.QueryEvaluationError;
    return { ok: false, failure: { status: 'failure', error: message, error_code: code } };
  }
}

/** The task's parameters: its `arguments` evaluated (or, for a wait, its parameters as a template), else its static parameters. */
export function taskParameters(
  scope: DataScope,
  definitionHash: string,
  field: 'arguments' | 'parameters',
): Promise<Evaluated<unknown>> {
  const value = field === 'arguments' ? scope.task.arguments : scope.task.parameters;
  return evaluated(() =>
    evaluateTemplate(storedTemplate(definitionHash, `tasks.${scope.task.name}.${field}`, value), dataBindings(scope)),
  );
}

/** What a successful task hands on (`output`, default its result) and the variables it sets (`assign`). */
export function afterSuccess(
  scope: DataScope,
  definitionHash: string,
  result: unknown,
): Promise<Evaluated<{ handedOn: unknown; assigned: Map<string, unknown> }>> {
  return evaluated(async () => {
    const { task } = scope;
    const handedOn =
      task.output === undefined
        ? result
        : await evaluateTemplate(
            storedTemplate(definitionHash, `tasks.${task.name}.output`, task.output),
            dataBindings(scope, { result }),
          );
    const assigned = new Map<string, unknown>();
    for (const [name, value] of Object.entries(task.assign ?? {})) {
      assigned.set(
        name,
        await evaluateTemplate(
          storedTemplate(definitionHash, `tasks.${task.name}.assign.${name}`, value),
          dataBindings(scope, { result }),
        ),
      );
    }
    return { handedOn, assigned };
  });
}

/** The first choice rule that holds for the source task's output, else `default` (when there is one) or `none`. */
export function chooseRule(
  scope: DataScope,
  definitionHash: string,
  condition: ChoiceCondition,
  output: unknown,
  assigned: ReadonlyMap<string, unknown>,
): Promise<Evaluated<number | 'default' | 'none'>> {
  return evaluated(async () => {
    const variables = new Map([...(scope.execution.state.variables ?? []), ...assigned]);
    const withAssigned = {
      ...scope,
      execution: { ...scope.execution, state: { ...scope.execution.state, variables } },
    };
    let context: ContextObject | undefined;
    for (const [r, rule] of condition.choices.entries()) {
      const holds = isAslChoiceRule(rule)
        ? aslChoiceRuleHolds(
            rule.rule,
            // As below: a task that hands on nothing (null) leaves its choice reading its own input.
            output ?? stateInput(scope.execution.state),
            (context ??= contextObject(contextFacts(scope))),
            { condition: condition.name, rule: r },
            variables,
          )
        : await evaluateTemplate(
            storedTemplate(definitionHash, `conditions.${condition.name}.choices.${r}`, rule.condition),
            // A task that hands on nothing (null) leaves its choice reading the task's own input, as it always has.
            dataBindings(withAssigned, { input: output ?? undefined }),
          );
      if (typeof holds !== 'boolean')
        throw new Error(
          `choice rule ${r} of condition '${condition.name}' must yield true or false, not ${JSON.stringify(holds)}`,
        );
      if (holds) return r;
    }
    return condition.default !== undefined ? 'default' : 'none';
  });
}
