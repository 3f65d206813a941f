import { setTimeout as sleep } from 'node:timers/promises';
import { isTerminal } from '../domain/statuses';
import type { HistoryEvent } from '../views/history-view';
import type { ApiClient, ExecutionView } from './api-client';

/** Events per history page while following: the last page is read again each time something changed. */
const FOLLOW_PAGE_EVENTS = 50;

/**
 * Reads an execution's history as it grows, without reading it all again each time: it keeps the
 * token of the page it is on and moves on when the API hands out the next one. The history gives
 * no token after its last page, so that page (at most FOLLOW_PAGE_EVENTS events) is read again
 * on the next call, and events already returned are dropped by id (ids only increase).
 */
export class HistoryFollower {
  private pageToken: string | undefined;
  private lastId = -1;

  constructor(
    private readonly client: ApiClient,
    private readonly executionId: string,
  ) {}

  async next(): Promise<HistoryEvent[]> {
    const fresh: HistoryEvent[] = [];
    for (;;) {
      const page = await this.client.history(this.executionId, {
        limit: FOLLOW_PAGE_EVENTS,
        next_token: this.pageToken,
      });
      for (const event of page.events) {
        if (event.id <= this.lastId) continue;
        fresh.push(event);
        this.lastId = event.id;
      }
      if (page.next_token === null) return fresh;
      this.pageToken = page.next_token;
    }
  }
}

export interface FollowOptions {
  pollMs: number;
  /** Only events of later steps: after a redrive, what ran before it is not news. */
  afterStep?: number;
  onEvents(events: HistoryEvent[]): void;
  onView(view: ExecutionView): void;
}

/**
 * Follows an execution until it ends and returns its final view. Each poll reads the execution's
 * head (its view with one step), and the history only when the status, step count or current task
 * moved, so a long wait costs one small read per poll. The history is read after the view that
 * showed the end, so it holds every step.
 */
export async function followExecution(
  client: ApiClient,
  executionId: string,
  options: FollowOptions,
): Promise<ExecutionView> {
  const history = new HistoryFollower(client, executionId);
  const afterStep = options.afterStep ?? -1;
  let seen: string | undefined;
  for (;;) {
    const view = await client.execution(executionId, { limit: 1 });
    const position = `${view.status} ${view.steps_executed} ${view.current_task ?? ''}`;
    if (position !== seen) {
      seen = position;
      const events = (await history.next()).filter((event) => afterStep < 0 || (event.step ?? 0) > afterStep);
      options.onEvents(events);
    }
    options.onView(view);
    if (isTerminal(view.status)) return view;
    await sleep(options.pollMs);
  }
}

/** Every event of an execution's history, page after page. */
export async function wholeHistory(client: ApiClient, executionId: string, pageSize: number): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let token: string | undefined;
  do {
    const page = await client.history(executionId, { limit: pageSize, next_token: token });
    events.push(...page.events);
    token = page.next_token ?? undefined;
  } while (token !== undefined);
  return events;
}
