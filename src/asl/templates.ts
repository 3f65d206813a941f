import { expressionText, isExpression } from '../expressions/template-syntax';

/** Every string of a JSON template, rewritten by `rewrite`; keys (even `__proto__`) stay plain data. */
export function mapStrings(template: unknown, rewrite: (text: string) => string): unknown {
  if (typeof template === 'string') return rewrite(template);
  if (Array.isArray(template)) return template.map((item) => mapStrings(item, rewrite));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, mapStrings(value, rewrite)]));
  }
  return template;
}

/** Whether a template holds an expression anywhere (a value computed from data, not a literal). */
export function hasExpression(template: unknown): boolean {
  let found = false;
  mapStrings(template, (text) => {
    if (isExpression(text)) found = true;
    return text;
  });
  return found;
}

/**
 * `{%x%}` as `{% x %}`: our flows accept both, Step Functions' schema (and asl-validator) only the
 * spaced form.
 */
export const spacedExpressions = (template: unknown): unknown =>
  mapStrings(template, (text) => (isExpression(text) ? `{% ${expressionText(text)} %}` : text));

// `$states.result` as a whole name: not `$states.resultX`, and (on the way back) with `.Payload`.
const RESULT = /\$states\.result(?![\w$])/g;
const RESULT_PAYLOAD = /\$states\.result\.Payload(?![\w$])/g;

/**
 * A Lambda invoke's result is the envelope `{ Payload, StatusCode, … }`; the task's own result is
 * its `Payload`. Expressions reading `$states.result` read `$states.result.Payload` once the task
 * runs through the task-runner function, and back again on import.
 */
export const resultAsPayload = (template: unknown): unknown =>
  mapStrings(template, (text) => (isExpression(text) ? text.replace(RESULT, '$states.result.Payload') : text));

export const payloadAsResult = (template: unknown): unknown =>
  mapStrings(template, (text) => (isExpression(text) ? text.replace(RESULT_PAYLOAD, '$states.result') : text));

/** Whether an expression still reads the Lambda envelope around the Payload (its StatusCode, …). */
export const readsLambdaEnvelope = (template: unknown): boolean => {
  let reads = false;
  mapStrings(template, (text) => {
    if (isExpression(text) && RESULT.test(text.replace(RESULT_PAYLOAD, ''))) reads = true;
    RESULT.lastIndex = 0;
    return text;
  });
  return reads;
};
