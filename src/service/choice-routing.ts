import type { ChoiceCondition } from '../domain/flow/flow-definition';
import { choiceOutput } from './jsonpath-data';
import { choiceAssigned, chooseRule, type DataScope, type Evaluated } from './step-data';

/**
 * Where a choice condition routes the task's success: the rule that holds (chooseRule), the
 * variables then set, the task's and the rule's (choiceAssigned), and what the chosen task reads
 * (choiceOutput: the choice's input, or the part a Choice state's OutputPath keeps).
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
  const all =
    typeof chosen.value === 'number'
      ? await choiceAssigned(scope, definitionHash, condition, chosen.value, output, assigned)
      : ({ ok: true, value: assigned } as const);
  if (!all.ok) return all;
  const handedOn = choiceOutput(scope, condition, output);
  return handedOn.ok
    ? { ok: true, value: { choice: chosen.value, assigned: all.value, handedOn: handedOn.value } }
    : handedOn;
}
