import { COMPARISONS, isChoiceOperator } from '../asl/choice-rules/choice-operators';
import { choiceStateProblems } from '../asl/choice-rules/choice-rule-problems';
import { referencePathProblem } from '../asl/jsonpath';
import type { ErrorDetail } from '../domain/errors';
import { isPlainObject } from '../domain/flow/schema-helpers';
import { LIMITS } from '../domain/limits';
import { jsonDocumentProblems } from '../lib/json-guards';

/** Where the room's checker puts the one rule it is given: replaced by the rule's own path. */
const STAND_IN = 'Choices[0]';

/**
 * The problems of a choice's `rule` (an Amazon States Language Choice rule without its `Next`),
 * each at its path under `at` (`flow.conditions[0].choices[1].rule.And[0].Variable`): first the
 * depth guard (rules nest, and the checks recurse), then the States Language's own checks, as an
 * imported Choice state gets them, then each path as the JSONPath reader will read it, so that
 * a rule accepted here is never refused at run time for its shape.
 */
export function aslChoiceRuleProblems(rule: Record<string, unknown>, at: string): ErrorDetail[] {
  const guard = jsonDocumentProblems(rule, at, LIMITS.maxJsonDepth);
  if (guard.length > 0) return guard;
  const problems: ErrorDetail[] = [];
  if (Object.hasOwn(rule, 'Next'))
    problems.push({ path: `${at}.Next`, message: "is not part of a rule here: the choice's next says where it goes" });
  if (Object.hasOwn(rule, 'Assign'))
    problems.push({ path: `${at}.Assign`, message: "is not part of a rule here: give it as the choice's assign" });
  // The room checks a whole Choice state; a stand-in Next makes the lone rule one of its Choices.
  for (const problem of choiceStateProblems({ Choices: [{ ...rule, Next: 'next' }] }))
    problems.push({ path: at + problem.path.slice(STAND_IN.length), message: problem.message });
  return problems.length > 0 ? problems : unreadablePaths(rule, at);
}

/** Each `Variable` and `…Path` operand that the JSONPath reader cannot parse (`$.a b`). */
function unreadablePaths(rule: unknown, at: string): ErrorDetail[] {
  if (!isPlainObject(rule)) return [];
  const problems: ErrorDetail[] = [];
  for (const [field, value] of Object.entries(rule)) {
    if (field === 'And' || field === 'Or')
      (value as unknown[]).forEach((inner, i) => problems.push(...unreadablePaths(inner, `${at}.${field}[${i}]`)));
    else if (field === 'Not') problems.push(...unreadablePaths(value, `${at}.Not`));
    else if (field === 'Variable' || (isChoiceOperator(field) && COMPARISONS[field].byPath)) {
      const problem = referencePathProblem(value);
      if (problem) problems.push({ path: `${at}.${field}`, message: problem });
    }
  }
  return problems;
}
