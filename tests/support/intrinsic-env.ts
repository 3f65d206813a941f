import { evaluateIntrinsic, IntrinsicFailureError, type IntrinsicEnvironment } from '../../src/asl/intrinsics';

/** Helpers for the intrinsic function tests (tests/unit/asl-intrinsics-*.test.ts). */

/** A small stand-in for the JSONPath resolver: `$`, `$.a.b…` on the input, `$$.…` on the context. */
export function env(input: unknown, extra: Partial<IntrinsicEnvironment> = {}): IntrinsicEnvironment {
  const context = { Execution: { Name: 'run-1' } };
  const walk = (root: unknown, path: string): unknown =>
    path
      .split('.')
      .filter(Boolean)
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], root);
  return {
    readPath: (path) => (path.startsWith('$$') ? walk(context, path.slice(2)) : walk(input, path.slice(1))),
    ...extra,
  };
}

export const run = (expression: string, input: unknown = {}, extra?: Partial<IntrinsicEnvironment>): unknown =>
  evaluateIntrinsic(expression, env(input, extra));

export function failure(expression: string, input: unknown = {}): IntrinsicFailureError {
  try {
    run(expression, input);
  } catch (error) {
    expect(error).toBeInstanceOf(IntrinsicFailureError);
    expect((error as IntrinsicFailureError).errorName).toBe('States.IntrinsicFailure');
    return error as IntrinsicFailureError;
  }
  throw new Error(`expected States.IntrinsicFailure from ${expression}`);
}

/** The failure names the function and the argument by number and as written. */
export function expectArgumentFailure(
  expression: string,
  input: unknown,
  fn: string,
  argument: number,
  problem: RegExp,
) {
  const error = failure(expression, input);
  expect(error.functionName).toBe(`States.${fn}`);
  expect(error.argument).toBe(argument);
  expect(error.message).toMatch(new RegExp(`^States\\.${fn}: argument ${argument} \\(`));
  expect(error.message).toMatch(problem);
}

/** The documentation's array. */
export const nine = { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] };
