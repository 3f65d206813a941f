import { ErrorCode } from '../../domain/error-codes';

/** The errors a Choice state can end in, by Step Functions' names. */
export type ChoiceStateErrorName = typeof ErrorCode.Runtime | typeof ErrorCode.NoChoiceMatched;

/**
 * A Choice state that could not choose: `States.NoChoiceMatched` when no rule matched and there is
 * no `Default`; `States.Runtime` when a rule could not be evaluated (its `Variable` or `…Path`
 * operand matches nothing in the input, a `StringMatches` pattern with an open escape). One class,
 * so that the engine can fail the state with `errorName`, which a flow may catch like any error.
 */
export class ChoiceStateError extends Error {
  readonly errorName: ChoiceStateErrorName;
  /** The rule or field at fault (`Choices[1].And[0].Variable`); `Choices` when none matched. */
  readonly path: string;

  constructor(errorName: ChoiceStateErrorName, path: string, message: string) {
    super(message);
    this.name = 'ChoiceStateError';
    this.errorName = errorName;
    this.path = path;
  }
}
