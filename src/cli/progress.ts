import type { HistoryEvent } from '../views/history-view';
import type { ExecutionView } from './api-client';
import { formatDuration } from '../domain/duration-text';
import { formatSeconds } from './text';

/** Where progress goes: process.stdout, or anything with the same shape. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const END_EVENTS = new Set(['TaskSucceeded', 'TaskFailed', 'WaitFinished']);
const BAR_WIDTH = 24;

/**
 * One line per step of an execution, as its history events arrive, and, on a terminal only, a
 * status line under them that is redrawn in place: a bar of steps done out of `plannedSteps` when
 * the flow's length is known (see flow-length.ts), else the step count against `max_steps`.
 */
export class ProgressRenderer {
  private statusShown = false;
  private readonly taskWidth: number;
  private waitingUntil: { step: number; dueAt: string } | undefined;

  constructor(
    private readonly out: ProgressStream,
    private readonly plannedSteps?: number,
    taskNames: readonly string[] = [],
  ) {
    // As wide as the longest name, so that the columns stay aligned for long state names too.
    this.taskWidth = Math.max(8, ...taskNames.map((name) => name.length));
  }

  /** Lines for the steps these events finish; a step's routing (retry, catch, choice) goes on its line. */
  events(events: readonly HistoryEvent[]): void {
    const lines: string[] = [];
    for (const event of events) {
      if (event.type === 'WaitStarted' && event.step !== undefined && typeof event.detail?.due_at === 'string') {
        this.waitingUntil = { step: event.step, dueAt: event.detail.due_at };
      }
      if (END_EVENTS.has(event.type)) lines.push(this.stepLine(event));
      else if (lines.length > 0 && routingNote(event)) lines[lines.length - 1]! += `  -> ${routingNote(event)}`;
    }
    if (lines.length > 0) this.print(lines);
  }

  /** Redraws the status line from the execution's latest view (a terminal only). */
  update(view: ExecutionView): void {
    if (!this.out.isTTY) return;
    const done = view.steps_executed;
    const count =
      this.plannedSteps !== undefined
        ? `${bar(done, this.plannedSteps)} ${done}/${this.plannedSteps} steps`
        : `step ${done + (view.current_task ? 1 : 0)} (at most ${view.max_steps})`;
    const waiting =
      this.waitingUntil && this.waitingUntil.step > done ? `, waiting until ${this.waitingUntil.dueAt}` : '';
    const activity = view.current_task ? `  running ${view.current_task}${waiting}` : `  ${view.status}`;
    this.clear();
    this.out.write(fit(`${count}${activity}`, this.out.columns));
    this.statusShown = true;
  }

  /** Takes the status line away, so that what is printed next starts on a clean line. */
  clear(): void {
    if (!this.statusShown) return;
    this.out.write('\r\x1b[2K');
    this.statusShown = false;
  }

  /** The execution's outcome, as the last line. */
  finish(summary: string): void {
    this.print([summary]);
  }

  private print(lines: string[]): void {
    this.clear();
    this.out.write(`${lines.join('\n')}\n`);
  }

  private stepLine(event: HistoryEvent): string {
    const detail = event.detail ?? {};
    const status = event.type === 'TaskFailed' ? 'FAILED' : 'SUCCEEDED';
    const duration = typeof detail.duration_ms === 'number' ? formatDuration(detail.duration_ms) : '';
    const failure = [detail.error_code, detail.error]
      .filter((part) => typeof part === 'string' && part !== '')
      .join(': ');
    const step = String(event.step ?? '?').padStart(3);
    const task = (event.task ?? '').padEnd(this.taskWidth);
    return `${step}  ${task}  ${status.padEnd(9)}  ${duration.padStart(8)}${failure ? `  ${failure}` : ''}`.trimEnd();
  }
}

/** What a routing event says, for the line of the step it follows. */
function routingNote(event: HistoryEvent): string | undefined {
  const detail = event.detail ?? {};
  switch (event.type) {
    case 'RetryScheduled':
      return `retry ${String(detail.retries)} in ${typeof detail.delay_seconds === 'number' ? formatSeconds(detail.delay_seconds) : '?'} s (step ${String(detail.next_step)})`;
    case 'CatchTaken':
      return `caught, next ${String(detail.next)}`;
    case 'ChoiceEvaluated':
      /* eslint-disable @typescript-eslint/no-base-to-string -- event details are JSON scalars (a rule number, a task name) */
      return detail.next === undefined
        ? `no choice matched (${String(detail.rule)})`
        : `choice ${String(detail.rule)}, next ${String(detail.next)}`;
    /* eslint-enable @typescript-eslint/no-base-to-string */
    default:
      return undefined;
  }
}

/** `[#########---------------]`: `done` of `total`, never past full. */
export function bar(done: number, total: number): string {
  const filled = total <= 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH));
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

/** A status line longer than the terminal would wrap, and `\r` would then redraw only its last row. */
const fit = (line: string, columns: number | undefined) =>
  columns && line.length >= columns ? line.slice(0, columns - 1) : line;
