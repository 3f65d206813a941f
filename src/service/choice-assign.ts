import { assignTemplate } from '../asl/jsonpath';
import { stateInput } from '../domain/execution/execution-state';
import { type ChoiceCondition, isAslChoiceRule } from '../domain/flow/flow-definition';
import { evaluateTemplate } from '../expressions';
import { caught, intrinsicEvaluator, pathSources } from './jsonpath-data';
import { dataBindings, type DataScope, type Evaluated, evaluated, storedTemplate } from './step-data';

/** Whether a condition's rules are JSONPath ones (`rule`): its `default_assign` is then a payload template. */
export const readsJsonPath = (condition: ChoiceCondition): boolean => condition.choices.every(isAslChoiceRule);

/**
 * What a choice does once it has chosen, beside routing: the variables the chosen rule's `assign`
 * sets, or, when `default` is taken, the condition's `default_assign` (a Choice state's top-level
 * Assign applies only then, as in Step Functions), and what the chosen task reads (`default_output`,
 * a JSONata Choice's top-level Output, also only then). Each reads the choice's input and the
 * variables as the choice sees them (`variables`: after its source task's assign); what it sets
 * is added to `assigned`, the source task's.
 */
export async function afterChoice(
  scope: DataScope,
  definitionHash: string,
  condition: ChoiceCondition,
  chosen: number | 'default' | 'none',
  output: unknown,
  assigned: ReadonlyMap<string, unknown>,
): Promise<Evaluated<{ assigned: Map<string, unknown>; handedOn: unknown }>> {
  const variables = new Map([...(scope.execution.state.variables ?? []), ...assigned]);
  const seen: DataScope = {
    ...scope,
    execution: { ...scope.execution, state: { ...scope.execution.state, variables } },
  };
  // A task that hands on nothing (null) leaves its choice reading its own input, as it always has.
  const input = output ?? stateInput(scope.execution.state);
  const rule = typeof chosen === 'number' ? condition.choices[chosen]! : undefined;
  const template = rule ? rule.assign : chosen === 'default' ? condition.default_assign : undefined;
  const at = rule
    ? `conditions.${condition.name}.choices.${chosen}.assign`
    : `conditions.${condition.name}.default_assign`;
  const jsonPath = rule ? isAslChoiceRule(rule) : readsJsonPath(condition);
  const set =
    template === undefined
      ? ({ ok: true, value: new Map<string, unknown>() } as const)
      : jsonPath
        ? caught(() => {
            const { context } = pathSources(seen, variables);
            return assignTemplate(template, input, context, intrinsicEvaluator, variables, at);
          })
        : await jsonataAssigned(seen, definitionHash, template, at, input);
  if (!set.ok) return set;
  const all = new Map([...assigned, ...set.value]);
  if (chosen !== 'default' || condition.default_output === undefined)
    return { ok: true, value: { assigned: all, handedOn: output } };
  const shaped = await evaluated(() =>
    evaluateTemplate(
      storedTemplate(definitionHash, `conditions.${condition.name}.default_output`, condition.default_output),
      dataBindings(seen, { input }),
    ),
  );
  return shaped.ok ? { ok: true, value: { assigned: all, handedOn: shaped.value } } : shaped;
}

/** Name → JSONata template, each evaluated over `$states.input` and the variables before the choice. */
function jsonataAssigned(
  scope: DataScope,
  definitionHash: string,
  template: Record<string, unknown>,
  at: string,
  input: unknown,
): Promise<Evaluated<Map<string, unknown>>> {
  return evaluated(async () => {
    const set = new Map<string, unknown>();
    for (const [name, value] of Object.entries(template))
      set.set(
        name,
        await evaluateTemplate(storedTemplate(definitionHash, `${at}.${name}`, value), dataBindings(scope, { input })),
      );
    return set;
  });
}
