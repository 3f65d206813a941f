import { randomUUID } from 'node:crypto';
import { api, runToEnd } from '../support/http';

/** Child executions of saved flows on the local stack (docs/child-flows.md). */

describe('child executions on the local stack', () => {
  it('a .sync child that fails is caught by its parent, with the child’s error and cause in the cause', async () => {
    const childId = `breaker-${randomUUID().slice(0, 8)}`;
    const saved = await api('PUT', `/api/v1/flows/${childId}`, {
      json: { asl: { StartAt: 'Break', States: { Break: { Type: 'Fail', Error: 'Boom', Cause: 'it broke' } } } },
    });
    expect(saved.status).toBe(201);
    const parent = await runToEnd({
      asl: {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: {
              StateMachineArn: `arn:aws:states:eu-west-1:111122223333:stateMachine:${childId}`,
              'Input.$': '$',
            },
            Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.caught', Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', End: true },
        },
      },
      input: { order: 7 },
    });
    expect(parent.status).toBe('SUCCEEDED');
    const caught = parent.output.caught as { Error: string; Cause: string };
    expect(caught.Error).toBe('States.TaskFailed');
    const cause = JSON.parse(caught.Cause) as Record<string, unknown>;
    expect(cause).toMatchObject({ Status: 'FAILED', Error: 'Boom', Cause: 'it broke', Input: '{"order":7}' });
    // The child is an execution of the saved flow, linked to its parent's step.
    const child = await api('GET', `/api/v1/flows/executions/${String(cause.execution_id)}`);
    expect(child.body).toMatchObject({ status: 'FAILED', flow_id: childId });
    // The parent's history shows the child within the step that waited for it, and how it ended.
    const history = await api('GET', `/api/v1/flows/executions/${String(parent.execution_id)}/history`);
    const childEvents = (history.body.events as Array<Record<string, unknown>>).filter((e) =>
      String(e.type).startsWith('ChildExecution'),
    );
    expect(childEvents).toEqual([
      expect.objectContaining({
        type: 'ChildExecutionStarted',
        task: 'Call',
        step: 1,
        detail: { child_execution_id: cause.execution_id, flow_id: childId, flow_version: 1, wait: true },
      }),
      expect.objectContaining({
        type: 'ChildExecutionFailed',
        task: 'Call',
        step: 1,
        detail: { child_execution_id: cause.execution_id, error: 'Boom', cause: 'it broke' },
      }),
    ]);
  });

  it('a child started without waiting is an execution of its own that names the step that started it', async () => {
    const childId = `doubler-${randomUUID().slice(0, 8)}`;
    const saved = await api('PUT', `/api/v1/flows/${childId}`, {
      json: {
        name: 'Doubler',
        start_task: 'only',
        tasks: [{ name: 'only', task_type: 'noop', output: '{% $states.input.n * 2 %}' }],
        conditions: [],
      },
    });
    expect(saved.status).toBe(201);
    const parent = await runToEnd({
      flow: {
        id: 'starter',
        name: 'Starter',
        start_task: 'call',
        tasks: [{ name: 'call', task_type: 'start_flow', parameters: { flow_id: childId, input: { n: 4 } } }],
        conditions: [],
      },
    });
    expect(parent.status).toBe('SUCCEEDED');
    const childExecution = parent.output.execution_id as string;
    let child = await api('GET', `/api/v1/flows/executions/${childExecution}?wait_seconds=10`);
    if (child.body.status === 'RUNNING')
      child = await api('GET', `/api/v1/flows/executions/${childExecution}?wait_seconds=10`);
    expect(child.body).toMatchObject({
      status: 'SUCCEEDED',
      output: 8,
      name: `${String(parent.execution_id)}-1`,
      started_by: { execution_id: parent.execution_id, seq: 1, task: 'call', depth: 1 },
    });
    // The parent's history names the child it started, and only its start: the child runs on its own.
    const history = await api('GET', `/api/v1/flows/executions/${String(parent.execution_id)}/history`);
    const events = history.body.events as Array<Record<string, unknown>>;
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStarted',
      'ChildExecutionStarted',
      'TaskSucceeded',
      'ExecutionSucceeded',
    ]);
    expect(events[2]).toMatchObject({
      task: 'call',
      step: 1,
      detail: { child_execution_id: childExecution, flow_id: childId, flow_version: 1, wait: false },
    });
  });
});
