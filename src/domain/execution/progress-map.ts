import type { TaskProgress } from './execution';

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

/** A stored entry: the tuple, or the named object heads written before the tuple form hold. */
type StoredEntry = StoredProgress | TaskProgress;

/**
 * Per-task progress as read from the head: each entry stays in its stored form until it is read.
 * A step reads one entry (its own task's) and replaces one, but the head holds one per task of the
 * flow, and building an entry (two times formatted as ISO text) cost about 1 µs: a tenth of a
 * millisecond per step of a 100-task flow, more than the rest of the step's own code. Entries a
 * step did not replace are stored again as they were read.
 */
export class ProgressMap implements ReadonlyMap<string, TaskProgress> {
  // Private fields, not properties: two maps are equal when their entries are, whatever was read.
  readonly #stored: ReadonlyMap<string, StoredEntry>;
  readonly #read = new Map<string, TaskProgress>();
  #encoded: string | undefined;

  private constructor(stored: ReadonlyMap<string, StoredEntry>) {
    this.#stored = stored;
  }

  static decode(json: string | undefined): ProgressMap {
    return new ProgressMap(new Map(json === undefined ? [] : (JSON.parse(json) as Array<[string, StoredEntry]>)));
  }

  /** A new map with `task`'s entry replaced and moved last (latest run last). */
  with(task: string, progress: TaskProgress): ProgressMap {
    const stored = new Map(this.#stored);
    stored.delete(task);
    stored.set(task, progress);
    return new ProgressMap(stored);
  }

  get size(): number {
    return this.#stored.size;
  }

  has(task: string): boolean {
    return this.#stored.has(task);
  }

  get(task: string): TaskProgress | undefined {
    let progress = this.#read.get(task);
    if (progress === undefined) {
      const entry = this.#stored.get(task);
      if (entry === undefined) return undefined;
      progress = readProgress(entry);
      this.#read.set(task, progress);
    }
    return progress;
  }

  *entries(): MapIterator<[string, TaskProgress]> {
    for (const task of this.#stored.keys()) yield [task, this.get(task)!];
  }

  keys(): MapIterator<string> {
    return this.#stored.keys();
  }

  *values(): MapIterator<TaskProgress> {
    for (const task of this.#stored.keys()) yield this.get(task)!;
  }

  forEach(
    callback: (progress: TaskProgress, task: string, map: ReadonlyMap<string, TaskProgress>) => void,
    thisArg?: unknown,
  ): void {
    for (const [task, progress] of this.entries()) callback.call(thisArg, progress, task, this);
  }

  [Symbol.iterator](): MapIterator<[string, TaskProgress]> {
    return this.entries();
  }

  encode(): string {
    this.#encoded ??= JSON.stringify(
      Array.from(this.#stored, ([task, entry]) => [task, Array.isArray(entry) ? entry : storeProgress(entry)]),
    );
    return this.#encoded;
  }
}

/** Plain maps (a new execution's, or built by hand) are encoded once each. */
const encodedMaps = new WeakMap<ReadonlyMap<string, TaskProgress>, string>();

export function encodeProgress(progress: ReadonlyMap<string, TaskProgress>): string {
  if (progress instanceof ProgressMap) return progress.encode();
  let json = encodedMaps.get(progress);
  if (json === undefined) {
    json = JSON.stringify([...progress].map(([task, p]) => [task, storeProgress(p)]));
    encodedMaps.set(progress, json);
  }
  return json;
}

export const decodeProgress = (json: string | undefined): ProgressMap => ProgressMap.decode(json);

/** `progress` with `task`'s entry replaced and moved last, leaving `progress` as it was. */
export function withProgress(
  progress: ReadonlyMap<string, TaskProgress>,
  task: string,
  entry: TaskProgress,
): ReadonlyMap<string, TaskProgress> {
  if (progress instanceof ProgressMap) return progress.with(task, entry);
  const next = new Map(progress);
  next.delete(task);
  next.set(task, entry);
  return next;
}

const asEpoch = (iso: string): number | undefined => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso ? ms : undefined;
};

function storeProgress(p: TaskProgress): StoredProgress {
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
  const tuple: StoredProgress = [
    p.status === 'SUCCEEDED' ? 1 : 0,
    p.attempts,
    p.last_seq,
    p.last_attempt,
    ...times,
    p.duration_ms,
  ];
  if (Object.keys(extras).length > 0) tuple.push(extras);
  return tuple;
}

function readProgress(stored: StoredEntry): TaskProgress {
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
  return progress;
}
