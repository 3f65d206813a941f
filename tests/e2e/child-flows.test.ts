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
  });
});
