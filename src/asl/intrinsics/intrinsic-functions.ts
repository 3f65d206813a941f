import { ARRAY_INTRINSICS } from './array-intrinsics';
import { DATA_INTRINSICS } from './data-intrinsics';
import type { IntrinsicFunction } from './intrinsic-arguments';
import type { IntrinsicFunctionName } from './intrinsic-syntax';
import { JSON_INTRINSICS } from './json-intrinsics';
import { MATH_INTRINSICS } from './math-intrinsics';
import { STRING_INTRINSICS } from './string-intrinsics';

/** Every intrinsic function by its name after `States.`: the type makes sure none is missing. */
export const INTRINSIC_FUNCTIONS: Readonly<Record<IntrinsicFunctionName, IntrinsicFunction>> = {
  ...ARRAY_INTRINSICS,
  ...DATA_INTRINSICS,
  ...JSON_INTRINSICS,
  ...MATH_INTRINSICS,
  ...STRING_INTRINSICS,
};

/** What the function takes, for the message of a call with the wrong number of arguments. */
export function arityProblem(name: IntrinsicFunctionName, given: number): string | undefined {
  const { parameters, optional = 0, variadic = false } = INTRINSIC_FUNCTIONS[name];
  const min = parameters.length - optional;
  const max = variadic ? Infinity : parameters.length;
  if (given >= min && given <= max) return undefined;
  const roles = parameters.length > 0 ? ` (${parameters.join(', ')})` : '';
  const takes = variadic
    ? `at least ${min} argument(s)${roles}`
    : optional > 0
      ? `${min} to ${max} arguments${roles}`
      : `${max} argument(s)${roles}`;
  return `States.${name} takes ${takes}; it was given ${given}`;
}
