import { variableNameProblem } from '../../expressions/variable-names';
import {
  type IntrinsicEvaluator,
  payloadTemplate,
  payloadTemplateProblems,
  type TemplateProblem,
} from './payload-template';
import { jsonText } from './jsonpath-runtime-error';

const DYNAMIC = '.$';

/**
 * A JSONPath state's Assign: a payload template whose top-level fields name workflow variables
 * (`"total.$": "$.sum"` reads a path or calls an intrinsic, `"tries": 0` is a literal), applied
 * all at once to `input` (what `$` means depends on the state: its result, its input, the error
 * output) with the variables as they were before the state, so no assignment of a state reads
 * another of the same state. Returns each variable's new value, in template order.
 */
export function assignTemplate(
  template: Record<string, unknown>,
  input: unknown,
  context: unknown,
  intrinsic: IntrinsicEvaluator,
  variables: ReadonlyMap<string, unknown>,
  field = 'Assign',
): Map<string, unknown> {
  const values = payloadTemplate(template, input, context, intrinsic, field, variables) as Record<string, unknown>;
  return new Map(Object.entries(values));
}

/**
 * What is wrong with an Assign before it runs: a template that is not an object, a top-level
 * field that does not name a variable as Step Functions allows (identifier characters, not
 * starting with a digit, at most 80 characters, not `states`), and the payload template's own
 * problems (paths that do not parse, a variable given twice as `x` and `x.$`).
 */
export function assignTemplateProblems(template: unknown, field = 'Assign'): TemplateProblem[] {
  if (template === null || typeof template !== 'object' || Array.isArray(template))
    return [{ field, message: `must be an object of variable names and values, got ${jsonText(template)}` }];
  const problems: TemplateProblem[] = [];
  for (const key of Object.keys(template)) {
    const name = key.endsWith(DYNAMIC) ? key.slice(0, -DYNAMIC.length) : key;
    const problem = variableNameProblem(name);
    if (problem) problems.push({ field: `${field}.${key}`, message: `variable name ${problem}` });
  }
  return [...problems, ...payloadTemplateProblems(template, field)];
}
