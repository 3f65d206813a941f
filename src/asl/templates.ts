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
 * A string as Step Functions' schema takes it: an expression `{% … %}` with the spaces around
 * its text; a literal that the schema would refuse (empty, over several lines, or opening with
 * `{% `) as an expression yielding that string, which JSONata mode evaluates to the same value.
 */
export function aslString(text: string): string {
  if (isExpression(text)) return `{% ${expressionText(text)} %}`;
  return refusedAsLiteral(text) ? `{% ${stringLiteral(text)} %}` : text;
}

const refusedAsLiteral = (text: string): boolean =>
  text === '' || /[\n\r\u2028\u2029]/.test(text) || text.startsWith('{% ');

// JSON's escapes are JSONata's; the line separators are escaped too, so the text stays on one line.
const stringLiteral = (text: string) =>
  JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** The string an expression that is a bare string literal yields; undefined for any other expression. */
export function literalOf(text: string): string | undefined {
  if (!isExpression(text)) return undefined;
  const inner = expressionText(text);
  if (!inner.startsWith('"')) return undefined;
  try {
    const value: unknown = JSON.parse(inner);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A template with every string as aslString gives it. */
export const aslTemplate = (template: unknown): unknown => mapStrings(template, aslString);

/** The reverse of aslTemplate's literals: each bare string-literal expression as its string. */
export const plainLiterals = (template: unknown): unknown => mapStrings(template, (text) => literalOf(text) ?? text);

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
