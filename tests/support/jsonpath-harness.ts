import { type IntrinsicEvaluator, JsonPathRuntimeError } from '../../src/asl/jsonpath';

/** What a failed call threw, for its message and fields (fails the test if it threw nothing or something else). */
export function thrown(work: () => unknown): JsonPathRuntimeError {
  try {
    work();
  } catch (error) {
    if (error instanceof JsonPathRuntimeError) return error;
    throw error;
  }
  throw new Error('expected a JsonPathRuntimeError');
}

/**
 * A stand-in for the intrinsic functions, so the JSONPath tests stay apart from them:
 * `States.Format('…{}…', path)` fills the one placeholder with what the path reads, through the
 * reader it is given; anything else fails.
 */
export const fakeIntrinsic: IntrinsicEvaluator = (expression, readPath) => {
  const call = /^States\.Format\('([^']*)', (\$[^)]*)\)$/.exec(expression);
  if (!call) throw new Error(`unknown intrinsic ${expression}`);
  return call[1]!.replace('{}', String(readPath(call[2]!)));
};
