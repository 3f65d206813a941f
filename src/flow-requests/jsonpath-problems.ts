import { isIntrinsicInvocation, parseIntrinsic } from '../asl/intrinsics';
import { assignTemplateProblems, payloadTemplateProblems, pathProblem, referencePathProblem } from '../asl/jsonpath';
import type { ErrorDetail } from '../domain/errors';
import { isFanOutKind } from '../domain/flow/fan-out-schema';
import type { RawTask } from '../domain/flow/flow-schema';

type Segment = string | number;

/**
 * A task's `jsonpath` fields checked when the flow is submitted (docs/decisions/
 * 0027-jsonpath-mode-as-task-fields.md): paths that parse (`result_path` a reference path, as the
 * spec requires), payload templates whose `.$` values are paths or intrinsic calls that parse,
 * and no JSONata `arguments`, `output` or `assign` beside them; `result` only on a task that
 * returns nothing of its own, the wait's paths only on a wait; on a map or parallel, its JSONPath
 * fields too (fanOutProblems). Each a 400 naming the field.
 */
export function jsonPathFieldProblems(task: Partial<RawTask>, at: (...segments: Segment[]) => string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  task.catch?.forEach((catcher, c) => {
    const path = catcher.result_path;
    const problem = typeof path === 'string' ? referencePathProblem(path, { writing: true }) : undefined;
    if (problem) problems.push({ path: at('catch', c, 'result_path'), message: problem });
    if (path !== undefined && catcher.output !== undefined)
      problems.push({
        path: at('catch', c, 'output'),
        message: "give output (JSONata) or result_path (JSONPath), not both: a catcher's data is in one language",
      });
    // A JSONPath task's catcher assigns through a payload template (a JSONata one: expression-problems.ts).
    if (task.jsonpath !== undefined && catcher.assign !== undefined)
      problems.push(...assignProblems(catcher.assign, at('catch', c, 'assign')));
  });
  const fields = task.jsonpath;
  if (fields === undefined) return problems;
  for (const jsonata of ['arguments', 'output', 'assign'] as const)
    if (task[jsonata] !== undefined)
      problems.push({
        path: at(jsonata),
        message: `give ${jsonata} (JSONata) or jsonpath, not both: a task's data is in one language`,
      });
  if (isFanOutKind(task.task_type)) problems.push(...fanOutProblems(task, at));
  problems.push(...passAndWaitProblems(task, at));
  for (const field of ['input_path', 'output_path'] as const) {
    const path = fields[field];
    const problem = typeof path === 'string' ? pathProblem(path) : undefined;
    if (problem) problems.push({ path: at('jsonpath', field), message: problem });
  }
  const resultPath = fields.result_path;
  const resultProblem =
    typeof resultPath === 'string' ? referencePathProblem(resultPath, { writing: true }) : undefined;
  if (resultProblem) problems.push({ path: at('jsonpath', 'result_path'), message: resultProblem });
  for (const field of ['parameters', 'result_selector'] as const) {
    const template = fields[field];
    if (template !== undefined) problems.push(...templateProblems(template, at('jsonpath', field)));
  }
  if (fields.assign !== undefined) problems.push(...assignProblems(fields.assign, at('jsonpath', 'assign')));
  return problems;
}

/**
 * A JSONPath Assign's problems (a task's `jsonpath.assign`, a JSONPath catcher's or choice rule's
 * `assign`, a JSONPath condition's `default_assign`): top-level fields that name variables as
 * Step Functions allows, and the payload template's own problems, as Parameters gets them.
 */
export function assignProblems(template: unknown, field: string): ErrorDetail[] {
  return [
    ...assignTemplateProblems(template, field).map((problem) => ({ path: problem.field, message: problem.message })),
    ...intrinsicProblems(template, field),
  ];
}

/** A noop's or wait's fields (a Pass, Wait, Choice or Succeed state's), and only theirs. */
function passAndWaitProblems(task: Partial<RawTask>, at: (...segments: Segment[]) => string): ErrorDetail[] {
  const fields = task.jsonpath!;
  const problems: ErrorDetail[] = [];
  const wait = task.task_type === 'wait';
  if (fields.result !== undefined && task.task_type !== 'noop' && !wait)
    problems.push({
      path: at('jsonpath', 'result'),
      message: "only a noop or wait task takes a result (a Pass state's Result): other tasks return their own",
    });
  if (wait && fields.parameters !== undefined)
    problems.push({
      path: at('jsonpath', 'parameters'),
      message: 'a wait has no payload template: give its time as seconds_path or timestamp_path, or in parameters',
    });
  const given = (['seconds_path', 'timestamp_path'] as const).filter((field) => fields[field] !== undefined);
  for (const field of given) {
    if (!wait) {
      problems.push({ path: at('jsonpath', field), message: `only a wait task takes ${field}` });
      continue;
    }
    const problem = referencePathProblem(fields[field]!);
    if (problem) problems.push({ path: at('jsonpath', field), message: problem });
  }
  const timeoutPath = fields.timeout_seconds_path;
  if (timeoutPath !== undefined) {
    const problem =
      wait || isFanOutKind(task.task_type)
        ? `only a task that runs takes timeout_seconds_path (not a ${task.task_type})`
        : referencePathProblem(timeoutPath);
    if (problem) problems.push({ path: at('jsonpath', 'timeout_seconds_path'), message: problem });
  }
  const stated = ['seconds', 'timestamp'].filter((field) => task.parameters?.[field] !== undefined);
  if (wait && given.length + stated.length > 1)
    problems.push({
      path: at('jsonpath', given[0] ?? 'seconds_path'),
      message: 'a wait takes one of seconds, timestamp, seconds_path and timestamp_path',
    });
  return problems;
}

/**
 * A map's or parallel's JSONPath fields: its items come from `items_path` (ItemsPath, a reference
 * path) and each iteration's input from `item_selector` read as a payload template (ItemSelector),
 * so the JSONata `items` has no place, nor has a map's `jsonpath.parameters` (Step Functions' older
 * Parameters on a Map means ItemSelector: the import gives it as item_selector).
 */
function fanOutProblems(task: Partial<RawTask>, at: (...segments: Segment[]) => string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (task.items !== undefined)
    problems.push({
      path: at('items'),
      message: "give items (JSONata) or jsonpath with items_path, not both: a task's data is in one language",
    });
  if (task.task_type === 'map' && task.jsonpath?.parameters !== undefined)
    problems.push({
      path: at('jsonpath', 'parameters'),
      message: "a map builds each iteration's input with item_selector (ItemSelector), not jsonpath.parameters",
    });
  const itemsPathProblem = task.items_path === undefined ? undefined : referencePathProblem(task.items_path);
  if (itemsPathProblem) problems.push({ path: at('items_path'), message: itemsPathProblem });
  const selector = task.item_selector;
  if (typeof selector === 'string')
    problems.push({
      path: at('item_selector'),
      message: 'with jsonpath, item_selector must be a payload template (a JSON object), not an expression',
    });
  else if (selector !== undefined) problems.push(...templateProblems(selector, at('item_selector')));
  return problems;
}

/** A payload template's problems: its `.$` values paths or intrinsic calls that parse, no name twice. */
function templateProblems(template: unknown, field: string): ErrorDetail[] {
  return [
    ...payloadTemplateProblems(template, field).map((problem) => ({ path: problem.field, message: problem.message })),
    ...intrinsicProblems(template, field),
  ];
}

/** Each intrinsic call of a template parsed, so a syntax error is a 400 naming its field. */
function intrinsicProblems(template: unknown, field: string): ErrorDetail[] {
  if (Array.isArray(template)) return template.flatMap((item, i) => intrinsicProblems(item, `${field}[${i}]`));
  if (template === null || typeof template !== 'object') return [];
  return Object.entries(template).flatMap(([key, value]): ErrorDetail[] => {
    const here = `${field}.${key}`;
    if (!key.endsWith('.$')) return intrinsicProblems(value, here);
    if (typeof value !== 'string' || value.startsWith('$')) return [];
    if (!isIntrinsicInvocation(value))
      return [{ path: here, message: "must be a path ('$…', '$$…') or an intrinsic function ('States.…')" }];
    try {
      parseIntrinsic(value);
      return [];
    } catch (error) {
      return [{ path: here, message: (error as Error).message }];
    }
  });
}
