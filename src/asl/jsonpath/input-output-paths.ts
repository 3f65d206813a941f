import { type PathData, readPath } from './path-reading';

/**
 * InputPath: the part of the raw input the state works on. Absent: all of it; `null`: nothing
 * (the effective input is `{}`, which is not the same as leaving the field out); a path: what it
 * selects, one value for a singular path, an array of every match for any other (spec, "Input
 * and Output Processing"). `context`: the context object, for a path starting with `$$`;
 * `variables`: the workflow variables, for a path starting with `$name`.
 */
export function inputPath(
  input: unknown,
  path: string | null | undefined,
  context?: unknown,
  variables?: ReadonlyMap<string, unknown>,
): unknown {
  return filtered(input, path, { context, variables }, 'InputPath');
}

/** OutputPath: the part of the state's output (after ResultPath) handed on; as InputPath. */
export function outputPath(
  output: unknown,
  path: string | null | undefined,
  context?: unknown,
  variables?: ReadonlyMap<string, unknown>,
): unknown {
  return filtered(output, path, { context, variables }, 'OutputPath');
}

function filtered(
  value: unknown,
  path: string | null | undefined,
  sources: Omit<PathData, 'input'>,
  field: string,
): unknown {
  if (path === undefined) return value;
  if (path === null) return {};
  return readPath(path, { ...sources, input: value }, field);
}
