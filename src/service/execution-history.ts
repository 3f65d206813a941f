import type { Execution, StepRecord } from '../domain/execution/execution';
import { executionOutput } from '../domain/execution/execution-state';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import { decodeHistoryToken, encodeHistoryToken, type HistoryPosition } from '../domain/paging/step-token';
import type { FanOut } from '../ports/fan-out-store';
import { isRunStart } from '../views/fan-out-history';
import { stoppedStep } from '../views/task-progress';
import { type HistoryEvent, headEvents, openingEvent, stepEvents } from '../views/history-view';
import { childFlowsShown } from './history-child-flows';
import { childEventsPage, mayHaveChildEvents } from './child-history-events';
import { requireExecution } from './execution-lifecycle';
import type { StepDeps } from './step-deps';

export interface HistoryPage {
  events: HistoryEvent[];
  nextToken?: string;
}

/**
 * One page of an execution's history, oldest first: derived from its head and step records, so
 * a page costs what it shows, never what came before it. `limit` counts events; `nextToken`
 * carries the id of the first event of the next page, or its place among a fan-out's per-child
 * events, which follow the run's start event in index order (./child-history-events.ts).
 */
export async function getHistory(
  executionId: string,
  page: { limit: number; nextToken?: string },
  deps: Pick<StepDeps, 'store' | 'fanOuts' | 'clock'>,
): Promise<HistoryPage> {
  const from: HistoryPosition =
    page.nextToken === undefined ? { id: 0 } : decodeHistoryToken(page.nextToken, executionId);
  const execution = await requireExecution(executionId, deps);
  const flow = await deps.store.loadDefinition(executionId, execution.definition_hash);
  // Id `seq × 10 − 1` is the stop a redrive resumed from, told by step `seq`'s record.
  const fromSeq = Math.max(1, Math.floor((from.id + 1) / 10));
  // Each step stands for at least two events: this many steps fill the page.
  const steps = await deps.store.stepPage(executionId, {
    fromSeq,
    toSeq: execution.steps_recorded,
    limit: page.limit,
    maxBytes: LIMITS.maxStepPageBytes,
  });
  // Only the step that ended the execution tells its output: the record of a step that meant to
  // finish it, but whose commit a stop overtook, is kept and is not the end.
  const output = executionOutput(execution);
  const lastPage = steps.nextToken === undefined;
  const [fanOuts, childFlows] = await Promise.all([
    fanOutsShown(execution, flow, steps.steps, lastPage, deps),
    childFlowsShown(execution, flow, steps.steps, lastPage, deps),
  ]);
  const events = [
    openingEvent(execution),
    ...steps.steps.flatMap((step) =>
      stepEvents(
        step,
        flow,
        step.seq === execution.steps_recorded ? output : null,
        fanOuts.get(step.seq),
        childFlows.get(step.seq),
      ),
    ),
  ];
  const cursorSeq = execution.cursor?.seq ?? 0;
  if (lastPage) events.push(...headEvents(execution, flow, fanOuts.get(cursorSeq), childFlows.get(cursorSeq)));
  const filled = await fillPage(events, from, page.limit, fanOuts, deps);
  const lastSeqRead = steps.steps.at(-1)?.seq ?? fromSeq - 1;
  const next = filled.next ?? (steps.nextToken !== undefined ? { id: (lastSeqRead + 1) * 10 - 1 } : undefined);
  return {
    events: filled.shown,
    ...(next !== undefined && { nextToken: encodeHistoryToken(executionId, next) }),
  };
}

/**
 * The page's events from `from`: those derived from the records and the head, each fan-out run's
 * start followed by its per-child events, read only while the page has room. `next`: where the
 * next page starts, when an event (or a child event) was left out.
 */
async function fillPage(
  events: readonly HistoryEvent[],
  from: HistoryPosition,
  limit: number,
  fanOuts: ReadonlyMap<number, FanOut>,
  deps: Pick<StepDeps, 'store'>,
): Promise<{ shown: HistoryEvent[]; next?: HistoryPosition }> {
  const shown: HistoryEvent[] = [];
  for (const event of events) {
    if (event.id < from.id) continue;
    const resumesInside = event.id === from.id && from.child !== undefined;
    if (!resumesInside) {
      if (shown.length === limit) return { shown, next: { id: event.id } };
      shown.push(event);
    }
    const fanOut = isRunStart(event.type) && event.step !== undefined ? fanOuts.get(event.step) : undefined;
    if (!fanOut) continue;
    const fromPlace = resumesInside ? from.child! : 0;
    if (shown.length === limit) {
      if (mayHaveChildEvents(fanOut, fromPlace)) return { shown, next: { id: event.id, child: fromPlace } };
      continue;
    }
    const children = await childEventsPage(fanOut, event, fromPlace, limit - shown.length, deps);
    shown.push(...children.events);
    if (children.next !== undefined) return { shown, next: { id: event.id, child: children.next } };
  }
  return { shown };
}

/**
 * The fan-out items the page's events are derived from, by step number: one read per map or
 * parallel step of the page (so bounded by the page, whatever their children), and, on the last
 * page, the one the execution's cursor step is parked at (running, or stopped there). No child
 * is read here.
 */
async function fanOutsShown(
  execution: Execution,
  flow: FlowDefinition,
  steps: readonly StepRecord[],
  lastPage: boolean,
  deps: Pick<StepDeps, 'fanOuts'>,
): Promise<Map<number, FanOut>> {
  const isFanOut = (task: string) => flow.tasks.some((t) => t.name === task && t.fan_out !== undefined);
  const seqs = steps.filter((step) => isFanOut(step.task_name)).map((step) => step.seq);
  const cursor = execution.cursor;
  const unrecorded = cursor !== undefined && cursor.seq > execution.steps_recorded;
  if (lastPage && unrecorded && isFanOut(cursor.task) && (execution.status === 'RUNNING' || stoppedStep(execution)))
    seqs.push(cursor.seq);
  const parentId = execution.execution_id;
  const loaded = await Promise.all(seqs.map(async (seq) => [seq, await deps.fanOuts.load({ parentId, seq })] as const));
  // A redrive resumes a fan-out at a later step (src/service/step-fan-out.ts): one read of the newest finds it.
  const resumed =
    loaded.some(([, f]) => f === undefined) && (execution.redrive_count ?? 0) > 0
      ? await deps.fanOuts.recentFanOuts(parentId, LIMITS.fanOutsShown)
      : [];
  const bySeq = new Map<number, FanOut>();
  for (const [seq, own] of loaded) {
    // A run redriven since is shown at the step that resumed it last, with its children as they are now:
    // the fan-out item keeps no earlier generation, and the earlier steps' records tell how they ended.
    const fanOut = own ? (own.resumedBy ?? seq) === seq && own : resumed.find((f) => f.resumedBy === seq);
    if (fanOut) bySeq.set(seq, fanOut);
  }
  return bySeq;
}
