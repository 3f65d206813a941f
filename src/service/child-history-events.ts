import { LIMITS } from '../domain/limits';
import { childExecutionId } from '../engine/fan-out/child-execution-id';
import type { FanOut } from '../ports/fan-out-store';
import { type ChildEvent, childEvents } from '../views/fan-out-history';
import type { HistoryEvent } from '../views/history-view';
import type { StepDeps } from './step-deps';

export interface ChildEventsPage {
  events: HistoryEvent[];
  /** The place (2 × index, + 1 for an end) of the first child event left for the next page; absent if none is left. */
  next?: number;
}

/**
 * The children that may have started, as the fan-out item tells without reading them: a map starts
 * its items in index order, so none at or past its start cursor has (after a redrive, any may have).
 */
const startedBound = (fanOut: FanOut): number =>
  fanOut.generation === 0 ? Math.min(fanOut.nextIndex, fanOut.counts.total) : fanOut.counts.total;

/** Whether a fan-out may have child events at or after `place`: false when no child from there was started. */
export const mayHaveChildEvents = (fanOut: FanOut, place: number): boolean =>
  Math.floor(place / 2) < startedBound(fanOut);

/**
 * Up to `room` of a fan-out's per-child events, in index order from `fromPlace`, each with the id,
 * task and step of its run's start event (`runStart`). Children are read by index, at most
 * LIMITS.childReadBatch per read and no more than the events still wanted can come from (two per
 * child), so a page costs what it shows, whatever came before it.
 */
export async function childEventsPage(
  fanOut: FanOut,
  runStart: HistoryEvent,
  fromPlace: number,
  room: number,
  deps: Pick<StepDeps, 'store'>,
): Promise<ChildEventsPage> {
  const bound = startedBound(fanOut);
  const events: HistoryEvent[] = [];
  const shown = (e: ChildEvent): HistoryEvent => ({
    id: runStart.id,
    type: e.type,
    time: e.time,
    ...(runStart.task !== undefined && { task: runStart.task }),
    ...(runStart.step !== undefined && { step: runStart.step }),
    detail: e.detail,
  });
  let index = Math.floor(fromPlace / 2);
  while (index < bound) {
    if (events.length === room) return { events, next: 2 * index };
    // A child that ended tells two events; one still running, one: a short read is read on from.
    const resumesChild = 2 * index < fromPlace ? 1 : 0;
    const wanted = Math.ceil((room - events.length) / 2) + resumesChild;
    const count = Math.min(LIMITS.childReadBatch, bound - index, wanted);
    const indexes = Array.from({ length: count }, (_, k) => index + k);
    const heads = await deps.store.loadChildren(fanOut.parentId, fanOut.seq, indexes);
    for (const i of indexes) {
      const id = childExecutionId(fanOut.parentId, fanOut.seq, i);
      for (const event of childEvents(fanOut.kind, i, id, heads.get(i))) {
        if (event.place < fromPlace) continue;
        if (events.length === room) return { events, next: event.place };
        events.push(shown(event));
      }
      index = i + 1;
    }
  }
  return { events };
}
