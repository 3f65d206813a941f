/**
 * Amazon States Language's intrinsic functions (States.Format, States.ArrayPartition, …), as
 * JSONPath-mode `Parameters` and `ResultSelector` use them: a parser for their grammar and an
 * evaluator. Pure: paths are read, and randomness drawn, through the caller's environment.
 */
export { evaluateIntrinsic, evaluateIntrinsicCall } from './evaluate-intrinsic';
export { isIntrinsicInvocation, parseIntrinsic } from './intrinsic-parser';
export { IntrinsicFailureError, IntrinsicSyntaxError } from './intrinsic-failure';
export type { IntrinsicEnvironment } from './intrinsic-arguments';
export { MAX_INTRINSIC_INTEGER, MIN_INTRINSIC_INTEGER } from './intrinsic-arguments';
export { MAX_INTRINSIC_TEXT_LENGTH } from './data-intrinsics';
export { INTRINSIC_FUNCTION_NAMES, MAX_INTRINSIC_CALLS } from './intrinsic-syntax';
export type { IntrinsicArgument, IntrinsicCall, IntrinsicFunctionName } from './intrinsic-syntax';
