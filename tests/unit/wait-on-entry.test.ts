import type { Cursor } from '../../src/domain/execution/execution';
import type { FlowDefinition } from '../../src/domain/flow/flow-definition';
import { startWaitOnEntry } from '../../src/service/durable-wait';
import { defaultRegistry } from '../../src/tasks/default-registry';

const flowWith = (task: Record<string, unknown>) =>
  ({
    id: 'f',
    name: 'f',
    start_task: 'a',
    tasks: [
      { name: 'a', task_type: 'noop' },
      { name: 'w', ...task },
    ],
    conditions: [],
  }) as unknown as FlowDefinition;
const cursor: Cursor = { seq: 2, task: 'w', timeout_seconds: 30 };
const NOW = Date.parse('2026-12-01T10:00:00.000Z');
const registry = defaultRegistry();

describe('a wait started on entry', () => {
  it('is due its literal seconds after the commit that leads to it, and started then', () => {
    expect(
      startWaitOnEntry(flowWith({ task_type: 'wait', parameters: { seconds: 90 } }), cursor, registry, NOW),
    ).toEqual({
      ...cursor,
      due_at: '2026-12-01T10:01:30.000Z',
      wait_started_at: '2026-12-01T10:00:00.000Z',
    });
  });

  it('runs on the time scale of the local stacks', () => {
    expect(
      startWaitOnEntry(flowWith({ task_type: 'wait', parameters: { seconds: 90 } }), cursor, registry, NOW, 10).due_at,
    ).toBe('2026-12-01T10:00:09.000Z');
  });

  it.each([
    ['seconds worked out at run time', { task_type: 'wait', parameters: { seconds: '{% 30 * 3 %}' } }],
    ['a timestamp', { task_type: 'wait', parameters: { timestamp: '2026-12-02T00:00:00Z' } }],
    ['arguments', { task_type: 'wait', arguments: { seconds: 90 } }],
    ['zero seconds', { task_type: 'wait', parameters: { seconds: 0 } }],
    ['a task that is not a wait', { task_type: 'noop', parameters: { seconds: 90 } }],
  ])('leaves the cursor as it is for %s: the wait works its time out when it runs', (_, task) => {
    expect(startWaitOnEntry(flowWith(task), cursor, registry, NOW)).toBe(cursor);
  });

  it("leaves a retry's backoff and a step already put off to their own timing", () => {
    const wait = flowWith({ task_type: 'wait', parameters: { seconds: 90 } });
    const retrying = { ...cursor, retries: [1] };
    const due = { ...cursor, due_at: '2026-12-01T10:00:05.000Z' };
    expect(startWaitOnEntry(wait, retrying, registry, NOW)).toBe(retrying);
    expect(startWaitOnEntry(wait, due, registry, NOW)).toBe(due);
  });
});
