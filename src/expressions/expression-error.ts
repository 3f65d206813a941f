import { ErrorCode } from '../domain/error-codes';

/** What went wrong, for callers that treat some failures differently (logs, metrics). */
export type EvaluationFailure =
  | 'expression-error' // jsonata or one of the extra functions threw
  | 'undefined-result' // the expression matched nothing
  | 'unsupported-result' // a function, a non-finite number, a cycle, a forbidden key…
  | 'time-bound'
  | 'depth-bound';

export interface ExpressionEvaluationErrorDetails {
  /** The field the expression was written in, e.g. `flow.tasks[2].arguments.amount`. */
  field: string;
  /** The expression's JSONata text. */
  expression: string;
  failure: EvaluationFailure;
  /** jsonata's error code (`T2001`, `D3030`, …), when jsonata raised the error. */
  code?: string;
  /** Where in the expression jsonata located the error. */
  position?: number;
}

/**
 * Every run-time failure of an expression: one class, so that the engine can fail the task with
 * `States.QueryEvaluationError`, which a flow may catch like any other task error.
 */
export class ExpressionEvaluationError extends Error {
  /** The error name Step Functions gives every failure of a JSONata expression at run time. */
  readonly errorName = ErrorCode.QueryEvaluationError;
  readonly field: string;
  readonly expression: string;
  readonly failure: EvaluationFailure;
  readonly code?: string;
  readonly position?: number;

  constructor(details: ExpressionEvaluationErrorDetails, message: string) {
    super(message);
    this.name = 'ExpressionEvaluationError';
    this.field = details.field;
    this.expression = details.expression;
    this.failure = details.failure;
    if (details.code !== undefined) this.code = details.code;
    if (details.position !== undefined) this.position = details.position;
  }
}
