import { END, FAIL } from '../domain/flow/flow-definition';
import type { ErrorDetail } from '../domain/errors';
import { isExpression } from '../expressions/template-syntax';
import { PASS_THROUGH_FAIL } from './asl-definition';
import type { AslObject, ReadableMachine } from './import-checks';
import { spaced } from './jsonata-task-import';
import { literalOf } from './templates';

export type RawCondition = Record<string, unknown>;
interface Ending {
  error?: string;
  cause?: string;
}
export interface Target {
  to: string;
  ending?: Ending;
}

/** What a machine's translation (state-translation.ts) knows that its transitions and conditions read. */
export interface ConditionScope {
  readonly machine: ReadableMachine;
  readonly states: Record<string, AslObject>;
  readonly details: ErrorDetail[];
  /** Choice states read as the condition of the state before them. */
  readonly folded: ReadonlySet<string>;
  /** The machine's states that are tasks, in list order. */
  readonly taskNames: readonly string[];
  jsonata(name: string): boolean;
  /** Whether a catcher of some state leads to `name`. */
  isCatchTarget(name: string): boolean;
  /** A Succeed or Fail state that runs as a task of its own. */
  terminalAsTask(name: string): boolean;
  statePath(name: string, ...path: Array<string | number>): string;
  failureRoute(state: AslObject): number | undefined;
}

/** Where a transition to `name` goes in our terms: a task, `end`, or `fail` with its error and cause. */
export function targetOf(
  scope: ConditionScope,
  name: string,
  path: string,
  side: 'success' | 'failure' = 'success',
): Target {
  const state = scope.states[name]!;
  // A Succeed or Fail of its own (a task): the transition goes to it.
  const own = scope.terminalAsTask(name);
  if (state.Type === 'Succeed' && !own) return { to: END };
  if (state.Type === 'Fail' && !own) {
    const error = literalOf(String(state.Error)) ?? state.Error;
    const cause =
      side === 'failure' && spaced(state.Cause) === PASS_THROUGH_FAIL.Cause
        ? undefined
        : (literalOf(String(state.Cause)) ?? state.Cause);
    for (const [field, value] of [
      ['Error', error],
      ['Cause', cause],
    ] as const) {
      if (isExpression(value))
        scope.details.push({
          path: scope.statePath(name, field),
          message: `a Fail state reached ${side === 'success' ? 'after a success' : 'by a condition'} ends with a fixed ${field}: expressions are not supported here`,
        });
    }
    return {
      to: FAIL,
      ending: {
        ...(error !== undefined && { error: error as string }),
        ...(cause !== undefined && { cause: cause as string }),
      },
    };
  }
  if (name === END || name === FAIL)
    scope.details.push({
      path,
      message: `a flow reads '${name}' as finishing the execution: rename the state '${name}'`,
    });
  return { to: name };
}

export function conditionOf(
  scope: ConditionScope,
  name: string,
  index: number,
): { condition: RawCondition; path: string } | undefined {
  const state = scope.states[name]!;
  const at = (...path: Array<string | number>) => scope.statePath(name, ...path);
  const endings: Ending[] = [];
  const to = (target: Target) => {
    if (target.ending) endings.push(target.ending);
    return target.to;
  };
  const withEnding = (condition: RawCondition, path: string) => {
    const distinct = new Set(endings.map((e) => JSON.stringify(e)));
    if (distinct.size > 1)
      scope.details.push({
        path: at(),
        message: 'reaches Fail states with different Error or Cause: a flow condition ends with one of each',
      });
    return { condition: { ...condition, ...endings[0] }, path };
  };
  if (state.Type === 'Fail' && scope.terminalAsTask(name)) return undefined; // its raise_error fails the run
  if (state.Type === 'Succeed' && scope.terminalAsTask(name))
    return {
      condition: { name, source_task: name, outcome: 'success', target_task_success: END, target_task_failure: END },
      path: at(),
    };
  if (state.Type === 'Succeed' || state.Type === 'Fail') {
    const ending = to(targetOf(scope, name, at()));
    return withEnding(
      { name, source_task: name, outcome: 'success', target_task_success: ending, target_task_failure: ending },
      at(),
    );
  }
  const choiceName =
    state.Type === 'Choice'
      ? name
      : typeof state.Next === 'string' && scope.folded.has(state.Next)
        ? state.Next
        : undefined;
  if (choiceName !== undefined) {
    const choice = scope.states[choiceName]!;
    const jsonata = scope.jsonata(choiceName);
    const rules = (choice.Choices as AslObject[]).map(({ Next, Comment: _comment, Assign, ...rule }, r) => ({
      // A JSONPath rule is kept as written (Variable and a comparison, or And/Or/Not), for the step to evaluate.
      ...(jsonata ? { condition: rule.Condition } : { rule }),
      next: to(targetOf(scope, Next as string, scope.statePath(choiceName, 'Choices', r, 'Next'))),
      ...(Assign !== undefined && { assign: Assign }),
    }));
    const fallback =
      typeof choice.Default === 'string'
        ? to(targetOf(scope, choice.Default, scope.statePath(choiceName, 'Default')))
        : undefined;
    return withEnding(
      {
        name: choiceName,
        ...(typeof choice.Comment === 'string' && { description: choice.Comment }),
        source_task: name,
        choices: rules,
        ...(fallback !== undefined && { default: fallback }),
        ...(!jsonata && choice.OutputPath !== undefined && { output_path: choice.OutputPath }),
        // The Choice's own Assign and Output apply when its Default is taken (as Step Functions does).
        ...(fallback !== undefined && choice.Assign !== undefined && { default_assign: choice.Assign }),
        ...(fallback !== undefined && jsonata && choice.Output !== undefined && { default_output: choice.Output }),
      },
      scope.statePath(choiceName),
    );
  }
  const failureIndex = scope.failureRoute(state);
  const listNext = scope.taskNames[index + 1];
  // The list order says it already (and a state named `end` or `fail` can be reached this way only);
  // a JSONPath catcher's target says it anyway, as a flow that falls through from a catch is warned
  // about (the export's JSONata machines keep the list order, so that they read back as written).
  const byListOrder = state.End === true ? listNext === undefined : state.Next === listNext;
  const explicit = !scope.jsonata(name) && scope.isCatchTarget(name);
  if (failureIndex === undefined && byListOrder && !explicit) return undefined;
  const success = state.End === true ? END : to(targetOf(scope, state.Next as string, at('Next')));
  if (failureIndex === undefined) {
    return withEnding(
      { name, source_task: name, outcome: 'success', target_task_success: success, target_task_failure: END },
      at(),
    );
  }
  const catcher = (state.Catch as AslObject[])[failureIndex]!;
  const failure = to(targetOf(scope, catcher.Next as string, at('Catch', failureIndex, 'Next'), 'failure'));
  return withEnding(
    { name, source_task: name, outcome: 'success', target_task_success: success, target_task_failure: failure },
    at(),
  );
}
