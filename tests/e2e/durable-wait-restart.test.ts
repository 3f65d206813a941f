import { api } from '../support/http';
import { startIsolatedStack } from '../support/isolated-stack';

/**
 * A wait outlives a restart of the stack: its due time is in DynamoDB, not in a timer in any
 * process. The wait starts under one serverless offline, which is then stopped; a new one started
 * on the same table finishes the execution when the wait is due.
 */
const STAGE = 'restart';
const flow = {
  id: 'restart-wait',
  name: 'restart wait',
  start_task: 'before',
  tasks: [
    { name: 'before', task_type: 'noop' },
    { name: 'pause', task_type: 'wait', parameters: { seconds: 8 } },
    { name: 'after', task_type: 'print', parameters: { message: 'woke up' } },
  ],
  conditions: [],
};

describe('a durable wait across a restart of the stack', () => {
  it('is finished by a stack started after the one that began it had stopped', async () => {
    const first = await startIsolatedStack(STAGE);
    let id: string;
    try {
      const started = await api('POST', '/api/v1/flows/execute', { json: flow, baseUrl: first.apiUrl });
      expect(started.status).toBe(202);
      id = started.body.execution_id;
      let waiting = false;
      for (let i = 0; i < 40 && !waiting; i++) {
        const history = await api('GET', `/api/v1/flows/executions/${id}/history`, { baseUrl: first.apiUrl });
        waiting = history.body.events.some((e: { type: string }) => e.type === 'WaitStarted');
        if (!waiting) await new Promise((r) => setTimeout(r, 250));
      }
      expect(waiting).toBe(true);
    } finally {
      await first.stop();
    }
    const second = await startIsolatedStack(STAGE);
    try {
      let view: { body: any } = { body: {} };
      for (let i = 0; i < 6 && view.body.status !== 'SUCCEEDED'; i++) {
        view = await api('GET', `/api/v1/flows/executions/${id!}?wait_seconds=10`, { baseUrl: second.apiUrl });
      }
      expect(view.body.status).toBe('SUCCEEDED');
      expect(view.body.task_results.map((r: { task_name: string }) => r.task_name)).toEqual([
        'before',
        'pause',
        'after',
      ]);
      expect(view.body.task_results[1].data.waited_seconds).toBeGreaterThanOrEqual(8);
    } finally {
      await second.stop();
    }
  }, 180_000);
});
