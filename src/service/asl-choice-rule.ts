import { ChoiceStateError } from '../asl/choice-rules/choice-state-error';
import { choiceRuleMatches, type ReadPath } from '../asl/choice-rules/choose-next';
import { type ContextObject, JsonPathRuntimeError, parsePath, readReferencePath } from '../asl/jsonpath';

/**
 * Whether a choice's States Language `rule` holds for `input` (the source task's output), its
 * paths read by the JSONPath reader: `$…` on the input, `$$…` on the context object, `$name…` on
 * the variables as the choice sees them (an unset one is States.Runtime, as a missing path). A type
 * mismatch is false; a path that matches nothing (but under `IsPresent`) throws ChoiceStateError,
 * `States.Runtime`, its message naming the condition and the field (`choices[1].rule.Variable`).
 */
export function aslChoiceRuleHolds(
  rule: Record<string, unknown>,
  input: unknown,
  context: ContextObject,
  where: { condition: string; rule: number },
  variables: ReadonlyMap<string, unknown> = new Map(),
): boolean {
  try {
    return choiceRuleMatches(rule, input, pathReader(context, variables), ['choices', where.rule, 'rule']);
  } catch (error) {
    if (!(error instanceof ChoiceStateError)) throw error;
    throw new ChoiceStateError(error.errorName, error.path, `condition '${where.condition}', ${error.message}`);
  }
}

/**
 * The room's reader over the JSONPath one: a path that selects nothing is `found: false` (the rule
 * decides whether that is an error). Paths were parsed when the flow was submitted, so a failure
 * here is a path that leads nowhere in this data.
 */
const pathReader =
  (context: ContextObject, variables: ReadonlyMap<string, unknown>): ReadPath =>
  (path, input) => {
    try {
      return { found: true, value: readReferencePath(path, { input, context, variables }, 'Variable') };
    } catch (error) {
      if (!(error instanceof JsonPathRuntimeError)) throw error;
      const parsed = parsePath(path);
      const variable = parsed.ok ? parsed.path.variable : undefined;
      return variable !== undefined && !variables.has(variable)
        ? { found: false, missing: `reads the variable '${variable}', which is not set` }
        : { found: false };
    }
  };
