import { api } from '../support/http';
import { sampleFlow } from '../support/flows';

/**
 * flows/human-approval.json on the local stack, as docs/callbacks.md tells a reviewer to answer it:
 * its token from the history's TaskWaitingForCallback, a heartbeat while looking, then the verdict.
 */
const sample = sampleFlow('human-approval.json');

async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} never happened`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitingApproval(orderId: string): Promise<{ id: string; token: string }> {
  const started = await api('POST', '/api/v1/flows/execute', { json: { ...sample, input: { order_id: orderId } } });
  expect(started.status).toBe(202);
  const id = started.body.execution_id as string;
  const token = await eventually('the approval waiting for a callback', async () => {
    const history = await api('GET', `/api/v1/flows/executions/${id}/history`);
    const events = history.body.events as Array<{ type: string; detail?: { task_token?: string } }>;
    return events.find((event) => event.type === 'TaskWaitingForCallback')?.detail?.task_token;
  });
  return { id, token };
}

const ended = (id: string) =>
  eventually(`the end of ${id}`, async () => {
    const view = await api('GET', `/api/v1/flows/executions/${id}`);
    return view.body.status === 'RUNNING' ? undefined : view.body;
  });

describe('the human approval sample', () => {
  it('waits for a reviewer: a heartbeat while they look, then their approval ships the order', async () => {
    const { id, token } = await waitingApproval('HA-1');
    const running = await api('GET', `/api/v1/flows/executions/${id}`);
    expect([running.body.status, running.body.current_task]).toEqual(['RUNNING', 'approve']);
    expect((await api('POST', '/api/v1/flows/callbacks/heartbeat', { json: { task_token: token } })).status).toBe(200);
    const approved = await api('POST', '/api/v1/flows/callbacks/success', {
      json: { task_token: token, output: { by: 'ana' } },
    });
    expect(approved.status).toBe(200);
    const done = await ended(id);
    expect([done.status, done.output]).toEqual([
      'SUCCEEDED',
      { order_id: 'HA-1', approved_by: 'ana', status: 'SHIPPED' },
    ]);
    // The token was used: a second answer changes nothing and says so.
    const again = await api('POST', '/api/v1/flows/callbacks/success', { json: { task_token: token, output: {} } });
    expect([again.status, again.body.error.code]).toEqual([409, 'TaskTimedOut']);
  });

  it('refuses the order when the reviewer rejects it: the catcher takes the error they name', async () => {
    const { id, token } = await waitingApproval('HA-2');
    const rejected = await api('POST', '/api/v1/flows/callbacks/failure', {
      json: { task_token: token, error: 'Rejected', cause: 'over budget' },
    });
    expect(rejected.status).toBe(200);
    const done = await ended(id);
    expect([done.status, done.output]).toEqual([
      'SUCCEEDED',
      { order_id: 'HA-2', refused: 'Rejected', status: 'REFUSED' },
    ]);
  });
});
