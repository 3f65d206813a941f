import type { z } from 'zod';
import type { ErrorDetail } from '../domain/errors';
import type { RawTask } from '../domain/flow/flow-schema';
import { isExpression } from '../expressions/template-syntax';

type Segment = string | number;

/**
 * The fields a computed template (`arguments`, `jsonpath.parameters`) writes as plain values, not
 * computed (no expression, no `.$` path), checked at submission by the task type's own schema for
 * that field: what cannot change at run time is refused before anything runs (an invoke_lambda
 * `function_name` outside the allow-list, say). Objects and arrays may hold expressions deeper
 * down, so only plain strings, numbers and booleans are checked here; the rest is checked when
 * the step computes them.
 */
export function literalTemplateFieldProblems(
  task: Partial<RawTask>,
  schema: z.ZodType,
  at: (...segments: Segment[]) => string,
): ErrorDetail[] {
  const shape = (schema as { shape?: Record<string, z.ZodType> }).shape;
  if (shape === undefined) return [];
  const problems: ErrorDetail[] = [];
  const check = (template: unknown, where: Segment[]) => {
    if (template === null || typeof template !== 'object' || Array.isArray(template)) return;
    for (const [key, value] of Object.entries(template)) {
      const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (field === undefined || value === null || typeof value === 'object' || isExpression(value)) continue;
      const parsed = field.safeParse(value);
      if (!parsed.success)
        for (const issue of parsed.error.issues) problems.push({ path: at(...where, key), message: issue.message });
    }
  };
  check(task.arguments, ['arguments']);
  check(task.jsonpath?.parameters, ['jsonpath', 'parameters']);
  return problems;
}
