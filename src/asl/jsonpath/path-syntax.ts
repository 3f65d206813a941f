import { JSONPathEnvironment, JSONPathError, type JSONPathQuery, jsonpath } from 'json-p3';
import { variableNameProblem } from '../../expressions/variable-names';
import { jsonText } from './jsonpath-runtime-error';

const { selectors } = jsonpath;

/**
 * Paths as Amazon States Language writes them, parsed by json-p3 (RFC 9535 JSONPath, no `eval`:
 * filters are parsed and interpreted, never run as code; docs/decisions/0026-jsonpath-library.md).
 * `match()` and `search()` are removed: they run a regular expression the definition's author
 * wrote, which could backtrack for minutes on the worker, and Step Functions' JSONPath has no
 * such functions anyway. `..` visits at most MAX_DESCENT objects and arrays deep.
 */
const MAX_DESCENT = 200;
const environment = new JSONPathEnvironment({ maxRecursionDepth: MAX_DESCENT });
environment.functionRegister.delete('match');
environment.functionRegister.delete('search');

/**
 * A path parsed, and what it reads: the state's data (`$…`), the context object (`$$…`) or a
 * workflow variable (`$name…`, the rest of the path applied to the variable's value).
 */
export interface ParsedPath {
  text: string;
  query: JSONPathQuery;
  readsContext: boolean;
  /** `$name`, `$name.field`, `$name[0]`: the variable `name`. */
  variable?: string;
  /**
   * A singular query (only names and indexes, no wildcard, filter, slice, union or `..`): it
   * selects at most one value, so selecting none is an error rather than an empty list.
   */
  singular: boolean;
}

/**
 * A variable reference: `$` then an identifier (Step Functions' workflow variables in JSONPath
 * mode), which `$$`, `$.` and `$[` are not. Its name ends where identifier characters end.
 */
const VARIABLE_HEAD = /^\$([\p{ID_Start}_][\p{ID_Continue}]*)/u;

const parsed = new Map<string, ParsedPath>();
const MAX_CACHED = 2000;

/** `problem`: what is wrong, as a predicate of the path (`is not a valid JSONPath: …`). */
export type PathParse = { ok: true; path: ParsedPath } | { ok: false; problem: string };

/** Parses `text` as a Path (`$…` or `$$…`), once: paths come from definitions, which repeat. */
export function parsePath(text: unknown): PathParse {
  if (typeof text !== 'string' || !text.startsWith('$'))
    return { ok: false, problem: `must be a JSONPath starting with '$'` };
  const known = parsed.get(text);
  if (known) return { ok: true, path: known };
  const readsContext = text.startsWith('$$');
  const variable = VARIABLE_HEAD.exec(text)?.[1];
  if (variable !== undefined) {
    const problem = variableNameProblem(variable);
    if (problem) return { ok: false, problem: `reads the variable '${variable}', whose name ${problem}` };
  }
  let query: JSONPathQuery;
  try {
    query = environment.compile(
      readsContext ? text.slice(1) : variable !== undefined ? `$${text.slice(1 + variable.length)}` : text,
    );
  } catch (error) {
    if (!(error instanceof JSONPathError)) throw error;
    return { ok: false, problem: `is not a valid JSONPath: ${error.message}` };
  }
  const path: ParsedPath = {
    text,
    query,
    readsContext,
    ...(variable !== undefined && { variable }),
    singular: query.singularQuery(),
  };
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(text, path);
  return { ok: true, path };
}

/** Why `text` is not a Path, or undefined if it is one (for the import, naming the field). */
export function pathProblem(text: unknown): string | undefined {
  const outcome = parsePath(text);
  return outcome.ok ? undefined : named(text, outcome.problem);
}

/** One step of a reference path: a field name or an array index (negative counts from the end). */
export type ReferenceStep = { name: string } | { index: number };

export type ReferenceParse = { ok: true; path: ParsedPath; steps: ReferenceStep[] } | { ok: false; problem: string };

const REFERENCE_FORMS = `'$', '$.name', "$['name']" and '$.list[0]'`;

/**
 * Parses a Reference Path: a Path that can only identify one node (the spec's words), i.e. `$`
 * followed by names and indexes. `writing`: the path says where to put a value (ResultPath), so
 * it cannot be in the context object.
 */
export function parseReferencePath(text: unknown, options: { writing?: boolean } = {}): ReferenceParse {
  const outcome = parsePath(text);
  if (!outcome.ok) return outcome;
  const { path } = outcome;
  if (options.writing && path.readsContext)
    return { ok: false, problem: `cannot be written to: '$$' is the context object, which is read-only` };
  if (options.writing && path.variable !== undefined)
    return {
      ok: false,
      problem: `cannot be written to: '$${path.variable}' is a variable, which only Assign sets; a ResultPath places the result in the state's input ('$…')`,
    };
  if (!path.singular)
    return {
      ok: false,
      problem: `must be a reference path, which selects exactly one value (${REFERENCE_FORMS}); wildcards, filters, slices, unions and '..' are not allowed here`,
    };
  return { ok: true, path, steps: singularSteps(path) };
}

/** The names and indexes of a singular path, in order. */
export function singularSteps(path: ParsedPath): ReferenceStep[] {
  return path.query.segments.map((segment): ReferenceStep => {
    const selector = segment.selectors[0];
    if (selector instanceof selectors.NameSelector) return { name: selector.name };
    if (selector instanceof selectors.IndexSelector) return { index: selector.index };
    throw new Error(`'${path.text}' is not a singular path`);
  });
}

/** A validator's message: the path as written, then what is wrong with it. */
const named = (text: unknown, problem: string): string =>
  typeof text === 'string' ? `'${text}' ${problem}` : `${problem}, got ${jsonText(text)}`;

/** Why `text` is not a Reference Path, or undefined if it is one. */
export function referencePathProblem(text: unknown, options: { writing?: boolean } = {}): string | undefined {
  const outcome = parseReferencePath(text, options);
  return outcome.ok ? undefined : named(text, outcome.problem);
}
