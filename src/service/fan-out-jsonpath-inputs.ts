import { inputPath, itemsFromPath, payloadTemplate } from '../asl/jsonpath';
import { stateInput } from '../domain/execution/execution-state';
import type { FanOutDefinition } from '../domain/flow/flow-definition';
import type { JsonPathFields } from '../domain/flow/jsonpath-fields';
import type { JsonValue } from '../expressions';
import type { FanOutStart } from './fan-out-inputs';
import { caught, intrinsicEvaluator, pathSources } from './jsonpath-data';
import type { DataScope, Evaluated } from './step-data';

/**
 * A map's or parallel's children's inputs in JSONPath mode, as Step Functions processes a Map's or
 * Parallel's input (the States Language, "Map State input/output processing"): `input_path` on
 * the state's input gives the effective input. A parallel's `parameters` template, if any, builds
 * from it the input every branch gets. A map's `items_path` (ItemsPath, default `$`) selects the
 * array of items in it; `item_selector` (ItemSelector), if any, builds each iteration's input,
 * reading the effective input as `$` and the item as `$$.Map.Item.Index` and `.Value`. Evaluated
 * once at the state's entry, as in JSONata mode (fan-out-inputs.ts), in memory. Items that are
 * not an array, or a path that selects nothing, fail the state with States.Runtime, an intrinsic's
 * bad argument with States.IntrinsicFailure, both catchable.
 */
export function jsonPathFanOutStart(
  scope: DataScope,
  definition: FanOutDefinition,
  fields: JsonPathFields,
): Evaluated<FanOutStart> {
  return caught(() => {
    const { context, variables } = pathSources(scope);
    const effective = inputPath(stateInput(scope.execution.state), fields.input_path, context, variables);
    if (definition.kind === 'parallel') {
      const input =
        fields.parameters === undefined
          ? effective
          : payloadTemplate(fields.parameters, effective, context, intrinsicEvaluator, 'Parameters', variables);
      return { input, children: definition.branches.map(() => input) };
    }
    const items = itemsFromPath({ input: effective, context, variables }, definition.items_path);
    const selector = definition.item_selector;
    const children =
      selector === undefined
        ? items
        : items.map((value, index) =>
            payloadTemplate(
              selector,
              effective,
              { ...context, Map: { Item: { Index: index, Value: value as JsonValue } } },
              intrinsicEvaluator,
              'ItemSelector',
              variables,
            ),
          );
    return { input: effective, children };
  });
}
