import {
  childCountsText,
  childrenHref,
  childStatusFilter,
  CHILD_STATUS_FILTERS,
  childFlowOf,
  parentOf,
} from '../../src/console/child-links';
import { parseRoute } from '../../src/console/route-address';
import { childExecutionId, childPlace } from '../../src/engine/fan-out/child-execution-id';
import { describedChild, startedChildOutput } from '../../src/engine/child-flow/child-flow-output';
import type { Execution } from '../../src/domain/execution/execution';

describe("the console's ways between a fan-out and its children", () => {
  it("addresses a task's children so that the route reads back the same execution, task and filter", () => {
    const cases: Array<[string, string, '' | 'FAILED']> = [
      ['order-42', 'each', ''],
      ['order-42', 'price each order', 'FAILED'],
      // A child's own fan-out (a map inside a branch), and a task name with the URL's own characters.
      [childExecutionId(childExecutionId('order-42', 3, 1), 2, 0), 'a/b?c#d&e=%', 'FAILED'],
    ];
    for (const [id, task, status] of cases) {
      const href = childrenHref(id, task, status);
      expect(href.startsWith(`#/executions/${encodeURIComponent(id)}/children?`)).toBe(true);
      expect(parseRoute(href)).toEqual({ page: 'children', id, task, status });
    }
    expect(childrenHref('order-42', 'each')).toBe('#/executions/order-42/children?task=each');
  });

  it("opens a child's own page from its id, dots and all, and still opens an execution and the list", () => {
    const child = childExecutionId('order-42', 7, 3);
    expect(parseRoute(`#/executions/${encodeURIComponent(child)}`)).toEqual({ page: 'execution', id: 'order-42.7.3' });
    expect(parseRoute('#/executions/order-42')).toEqual({ page: 'execution', id: 'order-42' });
    expect(parseRoute('#/executions?status=FAILED')).toEqual({ page: 'executions', filters: { status: 'FAILED' } });
  });

  it('offers all, running, succeeded, failed, aborted and pending, and takes no other status from the address', () => {
    expect(CHILD_STATUS_FILTERS.map((f) => f.label)).toEqual([
      'all',
      'running',
      'succeeded',
      'failed',
      'aborted',
      'pending',
    ]);
    expect(childStatusFilter('FAILED')).toBe('FAILED');
    expect(childStatusFilter('PENDING')).toBe('PENDING');
    for (const asked of [undefined, '', 'failed', 'TIMED_OUT', 'bogus']) expect(childStatusFilter(asked)).toBe('');
  });

  it("reads a child's parent and place from its id, nested too, and none for a caller's execution", () => {
    expect(parentOf('order-42.7.3')).toEqual({ parentId: 'order-42', step: 7, index: 3 });
    expect(parentOf('order-42.7.3.2.0')).toEqual({ parentId: 'order-42.7.3', step: 2, index: 0 });
    expect(parentOf('order-42')).toBeUndefined();
    expect(parentOf('order-42.0.1')).toBeUndefined();
  });

  it("reads an id as the server does (the browser bundle cannot import the server's reading)", () => {
    const ids = [
      'order-42',
      'order-42.1.0',
      'order-42.7.3.2.0',
      'a.b.1.0',
      'a#b.1.0',
      'order.99999999999999999999.1',
      'order.0.1',
      'order.1',
      'order.1.01',
      'order.01.1',
      'x.1.0.1',
      `${'x'.repeat(64)}${'.12.345'.repeat(5)}`,
    ];
    for (const id of ids) {
      const place = childPlace(id);
      expect([id, parentOf(id)]).toEqual([
        id,
        place && { parentId: place.parentId, step: place.fanOutSeq, index: place.index },
      ]);
    }
  });

  it("writes a fan-out's counts, leaving out the statuses no child is in", () => {
    expect(childCountsText({ total: 25, pending: 0, running: 0, succeeded: 20, failed: 5, aborted: 0 })).toBe(
      '25 children · 20 succeeded · 5 failed',
    );
    expect(childCountsText({ total: 1, pending: 1, running: 0, succeeded: 0, failed: 0, aborted: 0 })).toBe(
      '1 child · 1 pending',
    );
  });

  it("names the child a start_flow run started, from the run's result or its failure's description", () => {
    const child = (execution_id: string, status: Execution['status']) =>
      ({
        execution_id,
        flow_id: 'child',
        status,
        created_at: '2026-01-01T00:00:00.000Z',
        reason: 'Boom',
        state: { input: {}, results: new Map() },
      }) as unknown as Execution;
    const waited = childExecutionId('order-42', 3, 0);
    const run = (data: unknown, error: string | null = null) => ({ step: 3, data, error });
    // Started without waiting, or waited for and succeeded: the result names it.
    expect(childFlowOf('order-42', run(startedChildOutput(child('c-1', 'RUNNING'))))).toBe('c-1');
    expect(childFlowOf('order-42', run(describedChild(child(waited, 'SUCCEEDED'), 'json')))).toBe(waited);
    // Waited for and failed: the error is the child's description, and the child the step's own.
    const failed = JSON.stringify(describedChild(child(waited, 'FAILED'), 'string'));
    expect(childFlowOf('order-42', run(null, failed))).toBe(waited);
    expect(childFlowOf('order-42', run(null, failed.slice(0, 40)))).toBe(waited);
    // A run that started none: failed before, or a result of another shape.
    expect(childFlowOf('order-42', run(null, "no saved flow has the id 'nowhere'"))).toBeUndefined();
    expect(childFlowOf('order-42', run({ execution_id: 'x' }))).toBeUndefined();
    expect(childFlowOf('order-42', run(42))).toBeUndefined();
  });
});
