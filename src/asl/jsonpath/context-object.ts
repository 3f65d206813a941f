import { type ContextFacts, type StatesContext, buildStatesContext } from '../../expressions/states-binding';

/**
 * The context object JSONPath mode reads as `$$` (`$$.Execution.Id`, `$$.Map.Item.Value`): the
 * same object, built from the same facts, as JSONata mode's `$states.context`, so that a state
 * reads the same values in either mode, under Step Functions' names.
 */
export type ContextObject = StatesContext;

/**
 * `taskToken`: a callback task's token (`$$.Task.Token`), for a task that has one (the facts carry
 * it too, while a callback task starts its wait); elsewhere `$$.Task.Token` fails as any path to
 * a field that is not there does.
 */
export function contextObject(facts: ContextFacts, taskToken?: string): ContextObject {
  const context: ContextObject = buildStatesContext(facts);
  if (taskToken !== undefined) context.Task = { Token: taskToken };
  return context;
}
