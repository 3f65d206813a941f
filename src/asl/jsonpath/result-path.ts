import { JsonPathRuntimeError, jsonTypeName } from './jsonpath-runtime-error';
import { stepInto } from './path-reading';
import { type ReferenceStep, parseReferencePath } from './path-syntax';

/**
 * ResultPath (a state's, or a catcher's with the error output as the result): where the result
 * goes in the state's raw input. Absent or `$`: the result replaces the input; `null`: the result
 * is dropped and the input handed on; a reference path: the result is placed there in a copy of
 * the input (the input itself is not changed), fields on the way created as objects when missing.
 * Fails with States.Runtime where it cannot apply: the input (or a value on the way) is not an
 * object, or an index is not in its array.
 */
export function resultPath(
  input: unknown,
  result: unknown,
  path: string | null | undefined,
  field = 'ResultPath',
): unknown {
  if (path === null) return input;
  if (path === undefined || path === '$') return result;
  const outcome = parseReferencePath(path, { writing: true });
  if (!outcome.ok) throw new JsonPathRuntimeError(field, path, outcome.problem);
  return placed(input, outcome.steps, result, { field, path, reached: '$' });
}

interface Where {
  field: string;
  path: string;
  /** The part of the path walked so far, for the message. */
  reached: string;
}

/** `container` with `value` at `steps`, copied along the way: only the containers on the path are new. */
function placed(container: unknown, steps: ReferenceStep[], value: unknown, where: Where): unknown {
  const [step, ...rest] = steps;
  if (!step) return value;
  const next = { ...where, reached: where.reached + ('name' in step ? `.${step.name}` : `[${step.index}]`) };
  if ('name' in step) {
    if (container === null || typeof container !== 'object' || Array.isArray(container))
      throw cannotApply(where, `${where.reached} is ${jsonTypeName(container)}, not an object`);
    const record = container as Record<string, unknown>;
    const existing = Object.prototype.hasOwnProperty.call(record, step.name) ? record[step.name] : {};
    return { ...record, [step.name]: placed(existing, rest, value, next) };
  }
  const found = stepInto(container, step);
  if (found.missing !== undefined || !Array.isArray(container))
    throw cannotApply(where, `${where.reached} ${found.missing}`);
  const index = step.index < 0 ? container.length + step.index : step.index;
  const copy: unknown[] = [...(container as unknown[])];
  copy[index] = placed(found.value, rest, value, next);
  return copy;
}

const cannotApply = (where: Where, reason: string) =>
  new JsonPathRuntimeError(where.field, where.path, `cannot be applied to the input: ${reason}`);
