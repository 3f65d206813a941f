import { JsonPathRuntimeError, jsonText } from './jsonpath-runtime-error';
import { type PathData, readPath } from './path-reading';
import { pathProblem } from './path-syntax';

/**
 * Evaluates an intrinsic function call (`States.Format('{}', $.name)`), given a reader for the
 * paths among its arguments (`$…` on the template's input, `$$…` on the context object). Built
 * apart: the payload template only recognises where one is written and hands it over.
 */
export type IntrinsicEvaluator = (expression: string, readPath: (path: string) => unknown) => unknown;

const DYNAMIC = '.$';

/**
 * A Payload Template (Parameters, ResultSelector, ItemSelector) applied to its input: every field
 * whose name ends in `.$`, however deeply nested in objects and arrays, is renamed without the
 * suffix and its value replaced by what it says: a path on the input (`$…`), a path on the
 * context object (`$$…`), a path on a workflow variable (`$name…`, from `variables`) or an
 * intrinsic function call (anything else). Other values are kept as written. `field` names the
 * template in errors (`Parameters`).
 */
export function payloadTemplate(
  template: unknown,
  input: unknown,
  context: unknown,
  intrinsic: IntrinsicEvaluator,
  field = 'Parameters',
  variables?: ReadonlyMap<string, unknown>,
): unknown {
  const data: PathData = { input, context, ...(variables && { variables }) };
  const reader = (at: string) => (path: string) => readPath(path, data, at);
  const walk = (value: unknown, at: string): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => walk(item, `${at}[${index}]`));
    if (value === null || typeof value !== 'object') return value;
    const payload: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const here = `${at}.${key}`;
      if (!key.endsWith(DYNAMIC)) {
        payload[key] = walk(inner, here);
        continue;
      }
      if (typeof inner !== 'string')
        throw new JsonPathRuntimeError(here, jsonText(inner), 'must be a path or an intrinsic function (a string)');
      payload[key.slice(0, -DYNAMIC.length)] = inner.startsWith('$')
        ? readPath(inner, data, here)
        : intrinsic(inner, reader(here));
    }
    return payload;
  };
  return walk(template, field);
}

/** One problem of a template, by the field's place in it (`Parameters.parts.first.$`). */
export interface TemplateProblem {
  field: string;
  message: string;
}

/**
 * What is wrong with a template before it runs (for the import to refuse it, naming the field):
 * a `.$` value that is not a string, a path that is not valid JSONPath, two fields that would have
 * the same name once `.$` is stripped. Intrinsic calls are checked by their own evaluator.
 */
export function payloadTemplateProblems(template: unknown, field = 'Parameters'): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const walk = (value: unknown, at: string): void => {
    if (Array.isArray(value)) return value.forEach((item, index) => walk(item, `${at}[${index}]`));
    if (value === null || typeof value !== 'object') return;
    const names = new Set<string>();
    for (const [key, inner] of Object.entries(value)) {
      const here = `${at}.${key}`;
      const name = key.endsWith(DYNAMIC) ? key.slice(0, -DYNAMIC.length) : key;
      if (names.has(name)) problems.push({ field: here, message: `gives the field '${name}' a second value` });
      names.add(name);
      if (!key.endsWith(DYNAMIC)) walk(inner, here);
      else if (typeof inner !== 'string')
        problems.push({ field: here, message: 'must be a path or an intrinsic function (a string)' });
      else if (inner.startsWith('$')) {
        const problem = pathProblem(inner);
        if (problem) problems.push({ field: here, message: problem });
      }
    }
  };
  walk(template, field);
  return problems;
}
