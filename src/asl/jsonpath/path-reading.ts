import { JSONPathError, type JSONValue } from 'json-p3';
import { JsonPathRuntimeError, jsonTypeName } from './jsonpath-runtime-error';
import { type ParsedPath, type ReferenceStep, parsePath, parseReferencePath, singularSteps } from './path-syntax';

/**
 * What a path can read: the state's data (`$…`) and, where there are, the context object (`$$…`)
 * and the workflow variables as they were before the state (`$name…`).
 */
export interface PathData {
  input: unknown;
  context?: unknown;
  variables?: ReadonlyMap<string, unknown>;
}

/**
 * Applies a Path, as Step Functions does: a singular path (names and indexes only) yields its one
 * value or fails; any other yields the array of every value it selects, in document order, maybe
 * empty (the spec: "the interpreter gathers the texts into an array"). `field` names the field in
 * the error, e.g. `InputPath` or `Parameters.first.$`.
 */
export function readPath(text: string, data: PathData, field: string): unknown {
  const outcome = parsePath(text);
  if (!outcome.ok) throw new JsonPathRuntimeError(field, text, outcome.problem);
  const { path } = outcome;
  const document = documentOf(path, data, field);
  const values = selected(path, document, field);
  if (!path.singular) return values;
  if (values.length === 0) throw notFound(path, document, field);
  return values[0];
}

/**
 * Applies a Reference Path (where the spec requires one: ItemsPath, SecondsPath, ErrorPath…):
 * its one value, or a failure saying where it stopped.
 */
export function readReferencePath(text: string, data: PathData, field: string): unknown {
  const outcome = parseReferencePath(text);
  if (!outcome.ok) throw new JsonPathRuntimeError(field, text, outcome.problem);
  return readPath(text, data, field);
}

/** Every value the path selects; a path the library cannot apply (`..` too deep) fails the field. */
function selected(path: ParsedPath, document: unknown, field: string): unknown[] {
  try {
    return path.query.query(document as JSONValue).values();
  } catch (error) {
    if (!(error instanceof JSONPathError)) throw error;
    throw new JsonPathRuntimeError(field, path.text, `cannot be applied: ${error.message}`);
  }
}

function documentOf(path: ParsedPath, data: PathData, field: string): unknown {
  if (path.variable !== undefined) {
    if (data.variables === undefined)
      throw new JsonPathRuntimeError(field, path.text, 'reads a variable, which this field cannot read');
    if (!data.variables.has(path.variable))
      throw new JsonPathRuntimeError(field, path.text, `reads the variable '${path.variable}', which is not set`);
    return data.variables.get(path.variable);
  }
  if (!path.readsContext) return data.input;
  if (data.context === undefined)
    throw new JsonPathRuntimeError(field, path.text, 'reads the context object, which this field cannot read');
  return data.context;
}

/** The failure of a singular path, naming the step it could not take and what it found there. */
function notFound(path: ParsedPath, document: unknown, field: string): JsonPathRuntimeError {
  const where =
    path.variable !== undefined
      ? `the variable '${path.variable}'`
      : path.readsContext
        ? 'the context object'
        : 'the input';
  const steps = singularSteps(path);
  let current = document;
  let reached = path.variable !== undefined ? `$${path.variable}` : path.readsContext ? '$$' : '$';
  for (const step of steps) {
    const next = stepInto(current, step);
    if (next.missing !== undefined)
      return new JsonPathRuntimeError(field, path.text, `could not be found in ${where}: ${reached} ${next.missing}`);
    current = next.value;
    reached += 'name' in step ? `.${step.name}` : `[${step.index}]`;
  }
  return new JsonPathRuntimeError(field, path.text, `could not be found in ${where}`);
}

/** One step of a singular path: the value there, or why there is none. */
export function stepInto(value: unknown, step: ReferenceStep): { value?: unknown; missing?: string } {
  if ('name' in step) {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return { missing: `is ${jsonTypeName(value)}, not an object with a field '${step.name}'` };
    if (!Object.prototype.hasOwnProperty.call(value, step.name)) return { missing: `has no field '${step.name}'` };
    return { value: (value as Record<string, unknown>)[step.name] };
  }
  if (!Array.isArray(value)) return { missing: `is ${jsonTypeName(value)}, not an array` };
  const index = step.index < 0 ? value.length + step.index : step.index;
  if (index < 0 || index >= value.length) return { missing: `has ${value.length} item(s): no index ${step.index}` };
  return { value: value[index] };
}
