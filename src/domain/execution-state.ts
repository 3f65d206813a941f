import type { ExecutionState, TaskProgress } from './execution';

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
    });
    encodedStates.set(state, json);
  }
  return json;
}

/*
 * States, progress maps and their entries are never changed once built (a step builds new ones),
 * so their stored form is kept with them: a step measures its new state against the limit and then
 * stores it, and all its progress entries but its own task's are those it read.
 */
const encodedStates = new WeakMap<ExecutionState, string>();
const encodedProgress = new WeakMap<ReadonlyMap<string, TaskProgress>, string>();
const storedEntries = new WeakMap<TaskProgress, StoredProgress>();

export function decodeState(json: string | undefined): ExecutionState {
  if (json === undefined) return { input: {}, results: new Map() };
  const parsed = JSON.parse(json) as { input: Record<string, unknown>; results: Array<[string, unknown]>; data?: unknown; variables?: Array<[string, unknown]> };
  return {
    input: parsed.input,
    results: new Map(parsed.results),
    ...(parsed.data !== undefined && { data: parsed.data }),
    ...(parsed.variables !== undefined && { variables: new Map(parsed.variables) }),
  };
}

/** `$states.input` of the cursor task: the execution input until a task hands something on. */
export const stateInput = (state: ExecutionState): unknown => (state.data === undefined ? state.input : state.data);

/** The variables as expressions read them: a record without a prototype. */
export const variablesRecord = (state: ExecutionState): Record<string, unknown> => resultsRecord(state.variables ?? new Map());

/**
 * One task's progress as stored: a positional tuple instead of the named object, about a third of
 * its size. The head holds one per task and is written twice per step, and DynamoDB bills each
 * write by the KB of the whole item, so this is most of a many-task flow's write cost. Times are
 * epoch milliseconds (the completion as an offset from the start) when that reads back as the
 * same ISO text; otherwise the text is kept.
 */
type StoredProgress = [
  status: 1 | 0,
  attempts: number,
  lastSeq: number,
  lastAttempt: number,
  startedAt: number | string,
  completedAt: number | string,
  durationMs: number,
  extras?: Pick<TaskProgress, 'error_code' | 'error' | 'message' | 'truncated'>,
];

const asEpoch = (iso: string): number | undefined => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso ? ms : undefined;
};

function storeProgress(p: TaskProgress): StoredProgress {
  const stored = storedEntries.get(p);
  if (stored) return stored;
  const started = asEpoch(p.started_at);
  const completed = asEpoch(p.completed_at);
  const times: [number | string, number | string] =
    started !== undefined && completed !== undefined ? [started, completed - started] : [p.started_at, p.completed_at];
  const extras = {
    ...(p.error_code !== undefined && { error_code: p.error_code }),
    ...(p.error !== undefined && { error: p.error }),
    ...(p.message !== undefined && { message: p.message }),
    ...(p.truncated && { truncated: true }),
  };
  const tuple: StoredProgress = [p.status === 'SUCCEEDED' ? 1 : 0, p.attempts, p.last_seq, p.last_attempt, ...times, p.duration_ms];
  if (Object.keys(extras).length > 0) tuple.push(extras);
  return tuple;
}

function readProgress(stored: StoredProgress | TaskProgress): TaskProgress {
  // Heads written before the tuple form hold the named object: read them as they are.
  if (!Array.isArray(stored)) return stored;
  const [status, attempts, lastSeq, lastAttempt, started, completed, durationMs, extras] = stored;
  const numeric = typeof started === 'number' && typeof completed === 'number';
  const progress: TaskProgress = {
    status: status === 1 ? 'SUCCEEDED' : 'FAILED',
    attempts,
    last_seq: lastSeq,
    last_attempt: lastAttempt,
    started_at: numeric ? new Date(started).toISOString() : String(started),
    completed_at: numeric ? new Date(started + completed).toISOString() : String(completed),
    duration_ms: durationMs,
    ...extras,
  };
  storedEntries.set(progress, stored);
  return progress;
}

export function encodeProgress(progress: ReadonlyMap<string, TaskProgress>): string {
  let json = encodedProgress.get(progress);
  if (json === undefined) {
    json = JSON.stringify([...progress].map(([task, p]) => [task, storeProgress(p)]));
    encodedProgress.set(progress, json);
  }
  return json;
}

export const decodeProgress = (json: string | undefined): Map<string, TaskProgress> =>
  new Map(json === undefined ? [] : (JSON.parse(json) as Array<[string, StoredProgress | TaskProgress]>).map(([task, p]) => [task, readProgress(p)]));

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
  let out = Buffer.from(text, 'utf8').subarray(0, maxBytes - Buffer.byteLength(marker)).toString('utf8');
  // A cut in the middle of a multi-byte character decodes to U+FFFD: drop it.
  if (out.endsWith('\uFFFD')) out = out.slice(0, -1);
  return { text: out + marker, truncated: true };
}
