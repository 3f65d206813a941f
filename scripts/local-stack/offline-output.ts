/**
 * Which lines of serverless offline's output `npm start` shows when not verbose: those that tell
 * the developer something broke (the functions' ERROR logs, a handler crash, a failed rebuild),
 * and that a task type added while running is ready. Route tables, request lines, INFO logs and
 * serverless' own notices stay in the log.
 */
const ERROR_LEVELS = new Set(['ERROR', 'CRITICAL', 'FATAL']);

/** serverless' "×"/"✖" errors, a failed rebuild, crashes. */
const TEXT_ERROR = /^\s*(✖|✘|×)|\[ERROR\]|Bundle error|Uncaught|Unhandled exception|^\s*(\w+)?Error: /;

/** esbuild's error header; the next line that is not blank says where ("    src/a.ts:12:6:"). */
const BUILD_ERROR = /^\s*✘ \[ERROR\]/;
const BUILD_ERROR_LOCATION = /^\s+(\S+:\d+:\d+):\s*$/;

/** The local plugin's word that a task type added while running is now served. */
export const READY_LINE = /^task type \S+ is ready$/;

/** The line to show for `line` on its own, or undefined to keep it in the log file only. */
export function importantLine(line: string): string | undefined {
  if (READY_LINE.test(line.trim())) return line.trim();
  const json = parseJsonObject(line);
  if (json) return ERROR_LEVELS.has(String(json.level).toUpperCase()) ? formatLogError(json) : undefined;
  return TEXT_ERROR.test(line) ? line.trim() : undefined;
}

/**
 * Output arrives line by line; a failed rebuild prints the same error once per function (a dozen
 * times) with its location on a later line. This joins each build error with its location and
 * shows a line again only after `repeatWindowMs`.
 */
export class OfflineOutputFilter {
  readonly #recentlyShown = new Map<string, number>();
  #buildErrorAwaitingLocation: string | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly repeatWindowMs = 5000,
  ) {}

  /** The lines to show for this line of output: usually none. */
  accept(line: string): string[] {
    const shown: string[] = [];
    const held = this.#buildErrorAwaitingLocation;
    if (held !== undefined) {
      if (line.trim() === '') return shown;
      this.#buildErrorAwaitingLocation = undefined;
      const location = BUILD_ERROR_LOCATION.exec(line);
      if (location) return this.#once(`${held}  (${location[1]})`);
      shown.push(...this.#once(held));
    }
    if (BUILD_ERROR.test(line)) {
      this.#buildErrorAwaitingLocation = line.trim();
      return shown;
    }
    const important = importantLine(line);
    if (important !== undefined) shown.push(...this.#once(important));
    return shown;
  }

  #once(line: string): string[] {
    const now = this.now();
    for (const [seen, at] of this.#recentlyShown) if (now - at >= this.repeatWindowMs) this.#recentlyShown.delete(seen);
    if (this.#recentlyShown.has(line)) return [];
    this.#recentlyShown.set(line, now);
    return [line];
  }
}

function parseJsonObject(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** One line: the message, the error, and where it happened (route or execution step). */
function formatLogError(entry: Record<string, unknown>): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a log line's fields, shown as they are
  const parts = [`ERROR ${String(entry.message ?? '')}`];
  const error = entry.error;
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a log line's fields, shown as they are
    parts.push(`: ${[name, message].filter((p) => p !== undefined).join(': ')}`);
  } else if (error !== undefined) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- not an object here: a string, number or boolean
    parts.push(`: ${String(error)}`);
  }
  const where = ['route', 'execution_id', 'task', 'seq']
    .filter((key) => entry[key] !== undefined)
    .map((key) => `${key}=${String(entry[key])}`);
  if (where.length > 0) parts.push(`  (${where.join(' ')})`);
  return parts.join('');
}
