import { ErrorCode } from '../../domain/error-codes';

/**
 * An intrinsic function that cannot give a value: Step Functions' `States.IntrinsicFailure`, which
 * a state's `Catch` and `Retry` may name. One class (the syntax error below is one too), so that
 * the caller fails the state with `errorName` whatever went wrong.
 */
export class IntrinsicFailureError extends Error {
  readonly errorName = ErrorCode.IntrinsicFailure;
  /** The failing function's name (States.ArrayPartition), when one is to blame. */
  readonly functionName?: string;
  /** The failing argument's number (1 for the first), when one is to blame. */
  readonly argument?: number;

  constructor(message: string, blame: { functionName?: string; argument?: number } = {}) {
    super(message);
    this.name = new.target.name;
    if (blame.functionName !== undefined) this.functionName = blame.functionName;
    if (blame.argument !== undefined) this.argument = blame.argument;
  }
}

/**
 * Text that is no intrinsic call. `position` is the offset (0-based) of the character at fault, also
 * in the message. An import checks definitions with the parser, so a run should never meet one.
 */
export class IntrinsicSyntaxError extends IntrinsicFailureError {
  constructor(
    problem: string,
    readonly position: number,
  ) {
    super(`${problem} (at position ${position})`);
  }
}
