import { canRedrive, taskAttempts } from '../../src/console/execution-facts';
import { filtersFromQuery, filtersHash, listParams } from '../../src/console/list-filters';
import { layoutGraph } from '../../src/console/graph-layout';

describe('what the execution page offers and shows', () => {
  it('offers a redrive where the API allows one, and not after max_steps ran out', () => {
    expect(canRedrive({ status: 'FAILED', error_code: 'States.TaskFailed' })).toBe(true);
    expect(canRedrive({ status: 'ABORTED', error_code: 'States.Aborted' })).toBe(true);
    expect(canRedrive({ status: 'TIMED_OUT', error_code: 'States.Timeout' })).toBe(true);
    expect(canRedrive({ status: 'FAILED', error_code: 'max_steps_exceeded' })).toBe(false);
    expect(canRedrive({ status: 'SUCCEEDED', error_code: null })).toBe(false);
    expect(canRedrive({ status: 'RUNNING', error_code: null })).toBe(false);
  });

  it("numbers each task's attempts: a retry after a failure is the next attempt, a loop starts again at 1", () => {
    const run = (step: number, task_name: string, status: 'success' | 'failure') => ({ step, task_name, status });
    expect(
      taskAttempts([
        run(1, 'fetch', 'failure'),
        run(2, 'fetch', 'failure'),
        run(3, 'fetch', 'success'),
        run(4, 'fetch', 'success'),
        run(5, 'store', 'failure'),
        run(6, 'notify', 'success'),
      ]),
    ).toEqual([1, 2, 3, 1, 1, 1]);
    // Steps not in a row (a later page) do not continue a count.
    expect(taskAttempts([run(7, 'fetch', 'failure'), run(9, 'fetch', 'success')])).toEqual([1, 1]);
  });
});

describe("the executions list's filters in the URL", () => {
  it('round-trips the filters through the address, the custom range only with its dates', () => {
    const filters = filtersFromQuery({ status: 'FAILED', flow_id: 'orders', range: '1h', from: '2026-12-01T10:00' });
    expect(filters).toEqual({
      status: 'FAILED',
      flow_id: 'orders',
      name_prefix: '',
      range: '1h',
      from: '',
      to: '',
      limit: '',
    });
    expect(filtersHash(filters)).toBe('#/executions?status=FAILED&flow_id=orders&range=1h');
    const custom = filtersFromQuery({ range: 'custom', from: '2026-12-01T10:00', to: '2026-12-02T10:00', limit: '5' });
    expect(filtersHash(custom)).toBe('#/executions?range=custom&from=2026-12-01T10%3A00&to=2026-12-02T10%3A00&limit=5');
    expect(filtersFromQuery(Object.fromEntries(new URLSearchParams(filtersHash(custom).split('?')[1])))).toEqual(
      custom,
    );
    expect(filtersHash(filtersFromQuery({}))).toBe('#/executions');
  });

  it("asks the API for a relative range back from now, and a custom range's instants", () => {
    const now = Date.parse('2026-12-06T12:00:00.000Z');
    expect(listParams(filtersFromQuery({ range: '1h', status: 'RUNNING' }), now)).toEqual({
      status: 'RUNNING',
      flow_id: undefined,
      name_prefix: undefined,
      started_after: '2026-12-06T11:00:00.000Z',
      started_before: undefined,
    });
    expect(listParams(filtersFromQuery({ range: '7d' }), now).started_after).toBe('2026-11-29T12:00:00.000Z');
    const custom = listParams(filtersFromQuery({ range: 'custom', from: '2026-12-01T10:00', to: 'not a date' }), now);
    expect(custom.started_after).toBe(new Date(2026, 11, 1, 10, 0).toISOString());
    expect(custom.started_before).toBeUndefined();
    expect(listParams(filtersFromQuery({ from: '2026-12-01T10:00' }), now).started_after).toBeUndefined();
  });
});

describe("a choice edge's label on the console's graph", () => {
  it('draws the short label and keeps the whole condition for the tooltip', () => {
    const layout = layoutGraph({
      start: 'a',
      tasks: [
        { id: 'a', name: 'a', task_type: 'noop' },
        { id: 'b', name: 'b', task_type: 'noop' },
      ],
      groups: [],
      edges: [
        {
          from: 'a',
          to: 'b',
          kind: 'choice',
          label: '$states.input.order.total_amo…',
          rule: 0,
          condition: '{% $states.input.order.total_amount > 1000 %}',
        },
      ],
    });
    expect(layout.edges[0]).toMatchObject({
      label: '$states.input.order.total_amo…',
      title: '{% $states.input.order.total_amount > 1000 %}',
    });
  });
});
