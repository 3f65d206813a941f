import { evaluateTemplate, type JsonValue } from '../expressions';
import { type DataScope, dataBindings, type Evaluated, evaluated, storedTemplate } from './step-data';

/** The default of a map's `items`: the fan-out's input, which must then be an array. */
export const DEFAULT_MAP_ITEMS = '{% $states.input %}';

/**
 * The inputs a fan-out's children start with, evaluated once at the state's entry and stored (the
 * item pages of docs/decisions/0025-fan-out-as-child-executions.md), so that a child started
 * later, or again by a takeover, starts from the same value.
 * `input` is what the fan-out receives: the state's input, or its `arguments` evaluated.
 */

/** What a fan-out starts from: its input (every branch's, for a parallel) and each child's input. */
export interface FanOutStart {
  input: unknown;
  children: unknown[];
}

/** A map's items: its `items` template evaluated against the input; anything but an array fails the state. */
export async function mapItems(
  scope: DataScope,
  definitionHash: string,
  items: unknown,
  input: unknown,
): Promise<Evaluated<unknown[]>> {
  return evaluated(async () => {
    const field = `tasks.${scope.task.name}.items`;
    const value = await evaluateTemplate(storedTemplate(definitionHash, field, items), dataBindings(scope, { input }));
    if (!Array.isArray(value))
      throw new Error(`items must evaluate to an array, got ${value === null ? 'null' : typeof value}`);
    return value;
  });
}

/**
 * One map iteration's input: the item itself, or the map's `item_selector` evaluated with the
 * item as `$states.context.Map.Item` (`Index`, `Value`) and the fan-out's input as `$states.input`.
 */
export async function iterationInput(
  scope: DataScope,
  definitionHash: string,
  itemSelector: unknown,
  item: { index: number; value: unknown },
  input: unknown,
): Promise<Evaluated<unknown>> {
  if (itemSelector === undefined) return { ok: true, value: item.value };
  return evaluated(() =>
    evaluateTemplate(
      storedTemplate(definitionHash, `tasks.${scope.task.name}.item_selector`, itemSelector),
      dataBindings({ ...scope, mapItem: { index: item.index, value: item.value as JsonValue } }, { input }),
    ),
  );
}

/** Each of a parallel's branches starts with the fan-out's whole input. */
export const branchInputs = (branches: number, input: unknown): unknown[] =>
  Array.from({ length: branches }, () => input);
