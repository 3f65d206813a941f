import type { ErrorDetail } from '../domain/errors';
import { expressionText, isExpression } from '../expressions/template-syntax';
import type { ReadableMachine } from './import-checks';

type AslObject = Record<string, unknown>;
type Segment = string | number;
type SubFlow = Record<string, unknown>;

/** Translates a branch or item processor (at `segments` under its state) as a sub-flow; `key` is our field's path. */
type TranslateSubFlow = (machine: ReadableMachine, segments: Segment[], key: string) => SubFlow;

export const isFanOutState = (state: AslObject): boolean => state.Type === 'Parallel' || state.Type === 'Map';

/** The state's query language: JSONata's fields are expressions, JSONPath's paths and payload templates. */
export type FanOutQueryLanguage = 'JSONata' | 'JSONPath';

/**
 * A Parallel state as a `parallel` task (`branches`, `arguments`), a Map state (INLINE or
 * DISTRIBUTED, ItemProcessor or the older Iterator) as a `map` task: `items`, `item_selector`,
 * `max_concurrency`, the tolerated failures and `item_processor`. What has no place in a flow
 * but changes nothing it runs (a Label, an ExecutionType, a sub-machine's Comment) is left out with
 * a warning. Retry, Catch, TimeoutSeconds, Output and Assign are read as on a Task, by the caller.
 *
 * In JSONPath `mode` (docs/decisions/0027-jsonpath-mode-as-task-fields.md) there is no Arguments
 * nor Items: a Map's ItemsPath is `items_path`, its ItemSelector (or the older Parameters, which
 * on a Map means the same) `item_selector`, a payload template; a Parallel's Parameters, the input
 * every branch gets, is `jsonpath.parameters`. The caller adds InputPath, ResultSelector,
 * ResultPath and OutputPath to that `jsonpath`, as on a Task.
 */
export function fanOutFields(
  state: AslObject,
  at: (...path: Segment[]) => string,
  warnings: ErrorDetail[],
  subFlow: TranslateSubFlow,
  mode: FanOutQueryLanguage = 'JSONata',
): Record<string, unknown> {
  const jsonPath = mode === 'JSONPath';
  const arguments_ = !jsonPath && state.Arguments !== undefined && { arguments: state.Arguments };
  const commentLeftOut = (machine: AslObject, ...path: Segment[]) => {
    if (machine.Comment !== undefined)
      warnings.push({
        path: at(...path, 'Comment'),
        message: 'a sub-flow has no description: the Comment is left out',
      });
  };
  if (state.Type === 'Parallel') {
    const branches = (state.Branches as AslObject[]).map((branch, i) => {
      commentLeftOut(branch, 'Branches', i);
      return subFlow(branch as unknown as ReadableMachine, ['Branches', i], `branches[${i}]`);
    });
    const parameters = jsonPath && state.Parameters !== undefined && { jsonpath: { parameters: state.Parameters } };
    return { task_type: 'parallel', ...arguments_, ...parameters, branches };
  }
  const field = state.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator';
  const processor = state[field] as AslObject;
  commentLeftOut(processor, field);
  const config = (processor.ProcessorConfig ?? {}) as AslObject;
  if (config.ExecutionType !== undefined)
    warnings.push({
      path: at(field, 'ProcessorConfig', 'ExecutionType'),
      message: 'the map runs its iterations as child executions of the flow engine: ExecutionType is left out',
    });
  if (state.Label !== undefined)
    warnings.push({
      path: at('Label'),
      message: 'a map names its iterations by the execution and the item index: Label is left out',
    });
  const { MaxConcurrency, ToleratedFailurePercentage, ToleratedFailureCount } = state;
  const { ProcessorConfig: _config, Comment: _comment, ...machine } = processor;
  return {
    task_type: 'map',
    ...arguments_,
    ...(jsonPath ? jsonPathItems(state, at, warnings) : jsonataItems(state)),
    ...(MaxConcurrency !== undefined && { max_concurrency: numberOf(MaxConcurrency) }),
    ...(ToleratedFailurePercentage !== undefined && {
      tolerated_failure_percentage: numberOf(ToleratedFailurePercentage),
    }),
    ...(ToleratedFailureCount !== undefined && { tolerated_failure_count: numberOf(ToleratedFailureCount) }),
    item_processor: subFlow(machine as unknown as ReadableMachine, [field], 'item_processor'),
  };
}

const jsonataItems = ({ Items, ItemSelector }: AslObject) => ({
  ...(Items !== undefined && { items: Items }),
  ...(ItemSelector !== undefined && { item_selector: ItemSelector }),
});

/** A JSONPath Map's items: ItemsPath, and ItemSelector or, in older machines, Parameters (the same field). */
function jsonPathItems(
  { ItemsPath, ItemSelector, Parameters }: AslObject,
  at: (...path: Segment[]) => string,
  warnings: ErrorDetail[],
) {
  if (ItemSelector !== undefined && Parameters !== undefined)
    warnings.push({
      path: at('Parameters'),
      message:
        "a Map's Parameters is the older name of its ItemSelector: the ItemSelector is used, Parameters left out",
    });
  const selector = ItemSelector ?? Parameters;
  return {
    ...(ItemsPath !== undefined && { items_path: ItemsPath }),
    ...(selector !== undefined && { item_selector: selector }),
  };
}

/**
 * A number written as an expression of a number alone (`{% 2.5 %}`, as the export writes a
 * percentage Step Functions' schema takes only whole) as that number; anything else as it is, for
 * the flow validation to check with its path (a computed concurrency is not supported).
 */
function numberOf(value: unknown): unknown {
  if (typeof value !== 'string' || !isExpression(value)) return value;
  const text = expressionText(value).trim();
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : value;
}
