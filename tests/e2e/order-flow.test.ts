import { api } from '../support/http';
import { sampleFlow } from '../support/flows';

/**
 * The order sample through the whole local stack: retries with backoff, a catch by error code, a
 * choice on the amount, an hour's settlement wait (the test stack runs with FLOW_TIME_SCALE=3600,
 * so it lasts a second) and data passed along — checked by its path and its history.
 */
const order = (input: Record<string, unknown>) => ({ ...sampleFlow('order-flow.json'), input });

async function runToEnd(input: Record<string, unknown>) {
  const started = await api('POST', '/api/v1/flows/execute', { json: order(input) });
  expect(started.status).toBe(202);
  const id = started.body.execution_id as string;
  for (let i = 0; i < 12; i++) {
    const view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=10`);
    if (view.body.status !== 'RUNNING') {
      const history = await api('GET', `/api/v1/flows/executions/${id}/history?limit=1000`);
      return {
        view: view.body,
        events: history.body.events as Array<{ type: string; task?: string; detail?: Record<string, unknown> }>,
      };
    }
  }
  throw new Error(`execution ${id} did not finish`);
}

const path = (view: { task_results: Array<{ task_name: string; status: string }> }) =>
  view.task_results.map((r) => `${r.task_name}:${r.status}`);

describe('the order flow sample', () => {
  it('retries the charge, waits for the settlement window and ships, passing the order id along', async () => {
    const { view, events } = await runToEnd({ order_id: 'A-1', amount: 250 });
    expect(view.status).toBe('SUCCEEDED');
    expect(path(view)).toEqual([
      'validate:success',
      'charge:failure',
      'charge:failure',
      'charge:success',
      'settle:success',
      'ship:success',
    ]);
    expect(view.task_results.at(-1).data).toEqual({ message: 'shipping order A-1' });
    expect(events.filter((e) => e.type === 'RetryScheduled')).toHaveLength(2);
    expect(events.find((e) => e.type === 'ChoiceEvaluated')).toMatchObject({
      task: 'charge',
      detail: { rule: 'default', next: 'settle' },
    });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['WaitStarted', 'WaitFinished', 'ExecutionSucceeded']),
    );
  }, 150_000);

  it('sends a large order to review first', async () => {
    const { view, events } = await runToEnd({ order_id: 'B-2', amount: 5000 });
    expect(path(view)).toEqual([
      'validate:success',
      'charge:failure',
      'charge:failure',
      'charge:success',
      'review:success',
      'settle:success',
      'ship:success',
    ]);
    expect(events.find((e) => e.type === 'ChoiceEvaluated')).toMatchObject({ detail: { rule: 0, next: 'review' } });
  }, 150_000);

  it('catches a declined payment, notifies, and ends FAILED on purpose', async () => {
    const { view, events } = await runToEnd({ order_id: 'C-3', amount: 10, decline: true });
    expect(path(view)).toEqual(['validate:success', 'charge:failure', 'notify_declined:success']);
    expect(view).toMatchObject({ status: 'FAILED', error_code: 'PaymentDeclined', error: 'the card was declined' });
    expect(view.task_results[2].data.message).toMatch(/^payment declined for order C-3: flaky: run 1/);
    expect(events.find((e) => e.type === 'CatchTaken')).toMatchObject({
      task: 'charge',
      detail: { next: 'notify_declined' },
    });
  }, 150_000);
});

describe('the poll-until-ready sample', () => {
  it('polls, waits between polls, and publishes once the report is ready', async () => {
    const started = await api('POST', '/api/v1/flows/execute', { json: sampleFlow('poll-until-ready.json') });
    const id = started.body.execution_id as string;
    let view: { body: any } = { body: { status: 'RUNNING' } };
    for (let i = 0; i < 12 && view.body.status === 'RUNNING'; i++)
      view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=10`);
    expect(view.body.status).toBe('SUCCEEDED');
    expect(path(view.body)).toEqual([
      'start:success',
      'check:success',
      'pause:success',
      'check:success',
      'pause:success',
      'check:success',
      'publish:success',
    ]);
    expect(view.body.task_results.at(-1).data).toEqual({ message: 'report R-7 ready after 3 polls' });
    const history = await api('GET', `/api/v1/flows/executions/${id}/history?limit=1000`);
    const choices = history.body.events
      .filter((e: { type: string }) => e.type === 'ChoiceEvaluated')
      .map((e: { detail: { rule: number } }) => e.detail.rule);
    expect(choices).toEqual([1, 1, 0]);
  }, 150_000);
});
