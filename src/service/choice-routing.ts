import type { ChoiceCondition } from '../domain/flow/flow-definition';
import { afterChoice } from './choice-assign';
import { choiceOutput } from './jsonpath-data';
import { chooseRule, type DataScope, type Evaluated } from './step-data';

/**
 * Where a choice condition routes the task's success: the rule that holds (chooseRule), the
 * variables then set, the task's and the rule's or the default's, and what the chosen task reads
 * (afterChoice), then the part of it a Choice state's OutputPath keeps (choiceOutput).
 */
export async function routeByChoice(
  scope: DataScope,
  definitionHash: string,
  condition: ChoiceCondition,
  output: unknown,
  assigned: Map<string, unknown>,
): Promise<Evaluated<{ choice: number | 'default' | 'none'; assigned: Map<string, unknown>; handedOn: unknown }>> {
  const chosen = await chooseRule(scope, definitionHash, condition, output, assigned);
  if (!chosen.ok) return chosen;
  const after = await afterChoice(scope, definitionHash, condition, chosen.value, output, assigned);
  if (!after.ok) return after;
  const variables = new Map([...(scope.execution.state.variables ?? []), ...assigned]);
  const handedOn = choiceOutput(scope, condition, after.value.handedOn, variables);
  return handedOn.ok
    ? { ok: true, value: { choice: chosen.value, assigned: after.value.assigned, handedOn: handedOn.value } }
    : handedOn;
}
