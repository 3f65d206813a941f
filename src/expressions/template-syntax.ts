/**
 * Step Functions' JSONata mode marks an expression by making the whole string `{% … %}`: the
 * string must begin with `{%` and end with `%}`, with nothing outside them. A string that merely
 * contains `{%` somewhere is an ordinary string.
 */
const OPEN = '{%';
const CLOSE = '%}';

/** Whether `value` is a string that is exactly one `{% <jsonata> %}` expression. */
export function isExpression(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= OPEN.length + CLOSE.length &&
    value.startsWith(OPEN) &&
    value.endsWith(CLOSE)
  );
}

/** The JSONata text between the braces, without the whitespace around it. */
export function expressionText(value: string): string {
  return value.slice(OPEN.length, value.length - CLOSE.length).trim();
}
