import type { ExecutionState, OuterScope, TaskProgress } from './execution';
import { encodeProgress } from './progress-map';

/**
 * How the execution's state and per-task progress are stored: JSON arrays of [name, value] pairs,
 * so run order survives and no task name (`__proto__`, `constructor`, "1") is ever an object key.
 */
export function encodeState(state: ExecutionState): string {
  let json = encodedStates.get(state);
  if (json === undefined) {
    json = JSON.stringify({
      input: state.input,
      results: [...state.results],
      ...(state.data !== undefined && { data: state.data }),
      ...(state.variables !== undefined && state.variables.size > 0 && { variables: [...state.variables] }),
      ...(state.outer !== undefined && { outer: state.outer }),
    });
    encodedStates.set(state, json);
  }
  return json;
}

/*
 * States are never changed once built (a step builds a new one), so their stored form is kept with
 * them: a step measures its new state against the limit and then stores it.
 */
const encodedStates = new WeakMap<ExecutionState, string>();

export function decodeState(json: string | undefined): ExecutionState {
  if (json === undefined) return { input: {}, results: new Map() };
  const parsed = JSON.parse(json) as {
    input: unknown;
    results: Array<[string, unknown]>;
    data?: unknown;
    variables?: Array<[string, unknown]>;
    outer?: OuterScope;
  };
  return {
    input: parsed.input,
    results: new Map(parsed.results),
    ...(parsed.data !== undefined && { data: parsed.data }),
    ...(parsed.variables !== undefined && { variables: new Map(parsed.variables) }),
    ...(parsed.outer !== undefined && { outer: parsed.outer }),
  };
}

/** `$states.input` of the cursor task: the execution input until a task hands something on. */
export const stateInput = (state: ExecutionState): unknown => (state.data === undefined ? state.input : state.data);

/**
 * What a succeeded execution hands out, as Step Functions' DescribeExecution `output`: the value its
 * last state handed on (after that task's `output` template, or the error a catcher routed to the
 * end), which the finishing commit keeps as `data`. `null` while it runs and after any other end.
 */
export const executionOutput = (execution: { status: string; state: ExecutionState }): unknown =>
  execution.status === 'SUCCEEDED' ? (execution.state.data ?? null) : null;

/** The variables as expressions read them: a record without a prototype. */
export const variablesRecord = (state: ExecutionState): Record<string, unknown> =>
  resultsRecord(state.variables ?? new Map());

export { decodeProgress, encodeProgress } from './progress-map';

/** Bytes the state and progress take in the head item: what LIMITS.maxStateBytes bounds. */
export const stateBytes = (state: ExecutionState, progress: ReadonlyMap<string, TaskProgress>): number =>
  Buffer.byteLength(encodeState(state), 'utf8') + Buffer.byteLength(encodeProgress(progress), 'utf8');

/** `results` as tasks see it: a plain record without a prototype, latest run last. */
export function resultsRecord(results: ReadonlyMap<string, unknown>): Readonly<Record<string, unknown>> {
  const record = Object.create(null) as Record<string, unknown>;
  for (const [task, output] of results) record[task] = output;
  return record;
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character; says whether it cut. */
export function truncateUtf8(text: string, maxBytes: number): { text: string; truncated: boolean } {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return { text, truncated: false };
  const marker = '…';
  let out = Buffer.from(text, 'utf8')
    .subarray(0, maxBytes - Buffer.byteLength(marker))
    .toString('utf8');
  // A cut in the middle of a multi-byte character decodes to U+FFFD: drop it.
  if (out.endsWith('\uFFFD')) out = out.slice(0, -1);
  return { text: out + marker, truncated: true };
}
