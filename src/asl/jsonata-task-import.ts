import type { ErrorDetail } from '../domain/errors';
import { RAISE_ERROR } from '../domain/flow/flow-definition';
import { isPlainObject } from '../domain/flow/flow-schema';
import { expressionText, isExpression } from '../expressions/template-syntax';
import { FLOW_RESOURCE_PREFIX } from './asl-definition';
import type { AslObject } from './import-checks';
import { hasExpression, payloadAsResult, plainLiterals, readsLambdaEnvelope } from './templates';

type At = (...path: Array<string | number>) => string;

/** A JSONata template's text with its delimiters spaced as the export writes them. */
export const spaced = (text: unknown) => (isExpression(text) ? `{% ${expressionText(text)} %}` : text);

const RUNNER_RESULT = '{% $states.result.Payload %}';

/** A JSONata state's Output and Assign, as the task's templates. */
export const templates = (state: AslObject): { output?: unknown; assign?: unknown } => ({
  ...(state.Output !== undefined && { output: state.Output }),
  ...(state.Assign !== undefined && { assign: state.Assign }),
});

/**
 * A JSONata Task state's fields as a task's: `flow:<task_type>` with its Arguments, or the task
 * runner's Lambda invoke (as the export writes it) with its Payload's task type and parameters.
 * The runner's result is the Lambda envelope, the task's own result its Payload: Output and Assign
 * are read over the Payload.
 */
export function jsonataTaskFields(
  state: AslObject,
  at: At,
  sink: { details: ErrorDetail[]; warnings: ErrorDetail[] },
): Record<string, unknown> {
  const resource = state.Resource as string;
  const runner = !resource.startsWith(FLOW_RESOURCE_PREFIX);
  const payload = runner ? ((state.Arguments as AslObject).Payload as AslObject) : undefined;
  const task_type = payload ? payload.task_type : resource.slice(FLOW_RESOURCE_PREFIX.length);
  const parameters = payload ? payload.parameters : state.Arguments;
  const fields: Record<string, unknown> = { task_type };
  if (parameters !== undefined) {
    const literal = plainLiterals(parameters);
    // A wait works out its own `seconds`/`timestamp` expressions from its parameters (it waits
    // before its arguments would be evaluated), so its templates stay parameters.
    if (hasExpression(literal) && task_type !== 'wait') fields.arguments = parameters;
    else fields.parameters = hasExpression(literal) ? parameters : literal;
  }
  if (!runner) return { ...fields, ...templates(state) };
  if (state.Output === undefined)
    sink.warnings.push({
      path: at('Output'),
      message: "the task hands on its own result (the runner's Payload), not the Lambda invoke's envelope",
    });
  for (const field of ['Output', 'Assign'] as const) {
    if (readsLambdaEnvelope(state[field]))
      sink.details.push({
        path: at(field),
        message: "reads $states.result beyond its Payload: a task's result is the Payload alone",
      });
  }
  const { output, assign } = templates(state);
  // The export's default: a task's result (its Payload), or for a wait its input (a wait hands its input on).
  const byDefault = fields.task_type === 'wait' ? '{% $states.input %}' : RUNNER_RESULT;
  return {
    ...fields,
    ...(output !== undefined && spaced(output) !== byDefault && { output: payloadAsResult(output) }),
    ...(assign !== undefined && { assign: payloadAsResult(assign) }),
  };
}

/** A JSONata Fail state of its own as a `raise_error` task: its Error and Cause, expressions evaluated over its input. */
export function jsonataFailFields(state: AslObject): Record<string, unknown> {
  const given = {
    ...(state.Error !== undefined && { error: state.Error }),
    ...(state.Cause !== undefined && { cause: state.Cause }),
  };
  return { task_type: RAISE_ERROR, [hasExpression(given) ? 'arguments' : 'parameters']: given };
}

/** A retrier as ours (both languages spell it the same; a Comment is left out). */
export function retrier(rule: unknown): Record<string, unknown> {
  const r = isPlainObject(rule) ? rule : {};
  const fields = {
    error_equals: r.ErrorEquals,
    interval_seconds: r.IntervalSeconds,
    max_attempts: r.MaxAttempts,
    backoff_rate: r.BackoffRate,
    max_delay_seconds: r.MaxDelaySeconds,
    jitter: r.JitterStrategy,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
