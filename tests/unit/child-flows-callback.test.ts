import { ValidationError } from '../../src/domain/errors';
import type { Execution } from '../../src/domain/execution/execution';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { createExecution } from '../../src/service/execution-lifecycle';
import { saveFlow } from '../../src/service/saved-flows';
import { sendTaskFailure, sendTaskSuccess } from '../../src/service/task-callbacks';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { EngineDriver } from '../support/engine-driver';

/**
 * A child started and then a callback waited for: Step Functions'
 * `arn:aws:states:::states:startExecution.waitForTaskToken`, natively a `start_flow` task with
 * `wait_for_callback` (docs/callbacks.md, docs/child-flows.md).
 */

/** A saved child flow of one `callback` task: it waits until someone answers it, holding the token it was given. */
async function saveWaitingChild(d: EngineDriver): Promise<void> {
  await saveFlow(
    'worker',
    { name: 'worker', start_task: 'work', tasks: [{ name: 'work', task_type: 'callback' }], conditions: [] },
    { ...d.deps, flows: d.flows },
  );
}

/** The executions `parentId` started (the list has summaries: each is read whole). */
async function children(d: EngineDriver, parentId: string): Promise<Execution[]> {
  const all = await Promise.all((await d.store.list({ limit: 50 })).items.map((e) => d.execution(e.execution_id)));
  return all.filter((e) => e.started_by?.execution_id === parentId);
}

/** The token a child was handed in its input (`{ "parent_token": … }`). */
const handedToken = (child: Execution): string => (child.state.input as { parent_token: string }).parent_token;

const nativeParent = {
  id: 'parent',
  name: 'parent',
  start_task: 'delegate',
  tasks: [
    {
      name: 'delegate',
      task_type: 'start_flow',
      wait_for_callback: true,
      arguments: { flow_id: 'worker', input: { parent_token: '{% $states.context.Task.Token %}' } },
      retry: [{ error_equals: ['Worker.Busy'], max_attempts: 1, interval_seconds: 1 }],
    },
  ],
  conditions: [],
};

describe('start_flow waiting for a callback', () => {
  it('starts the child once with the task token and takes the callback as its result, not the child’s end', async () => {
    const d = new EngineDriver();
    await saveWaitingChild(d);
    const id = await d.start(nativeParent);
    await d.drain();
    const parent = await d.execution(id);
    expect(parent.status).toBe('RUNNING');
    const [child] = await children(d, id);
    expect(await children(d, id)).toHaveLength(1);
    // The token the child holds is the one the parent's step waits with.
    expect(handedToken(child!)).toBe(parent.cursor!.callback!.token);
    expect(child!.status).toBe('RUNNING');

    await sendTaskSuccess(handedToken(child!), { done: 'by the child' }, d.deps);
    await d.drain();
    const ended = await d.execution(id);
    expect(ended.status).toBe('SUCCEEDED');
    expect(ended.state.data).toEqual({ done: 'by the child' });
    // The child is its own execution: the parent's callback did not end it.
    expect((await d.execution(child!.execution_id)).status).toBe('RUNNING');
  });

  it('starts a new child with a new token when a failure sent back is retried', async () => {
    const d = new EngineDriver();
    await saveWaitingChild(d);
    const id = await d.start(nativeParent);
    await d.drain();
    const [first] = await children(d, id);
    await sendTaskFailure(handedToken(first!), { error: 'Worker.Busy', cause: 'try again' }, d.deps);
    await d.drain();
    d.advance(2);
    await d.fireTimers();
    await d.drain();
    const both = await children(d, id);
    expect(both).toHaveLength(2);
    const second = both.find((c) => c.execution_id !== first!.execution_id)!;
    expect(handedToken(second)).not.toBe(handedToken(first!));
    // The first token was used up by its failure; the second ends the step.
    await sendTaskSuccess(handedToken(second), { attempt: 2 }, d.deps);
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', state: { data: { attempt: 2 } } });
  });

  it('runs an imported startExecution.waitForTaskToken state, its Input handing $$.Task.Token on', async () => {
    const d = new EngineDriver();
    await saveWaitingChild(d);
    const { execution } = await createExecution(
      {
        input: { order: 7 },
        asl: {
          StartAt: 'Delegate',
          States: {
            Delegate: {
              Type: 'Task',
              Resource: 'arn:aws:states:::states:startExecution.waitForTaskToken',
              Parameters: {
                StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:worker',
                Input: { 'parent_token.$': '$$.Task.Token', 'order.$': '$.order' },
              },
              ResultPath: '$.approval',
              HeartbeatSeconds: 60,
              TimeoutSeconds: 3600,
              End: true,
            },
          },
        },
      },
      { start: true, asl: true },
      d.deps,
    );
    const id = execution.execution_id;
    await d.drain();
    const [child] = await children(d, id);
    expect(child!.state.input).toEqual({ parent_token: expect.any(String), order: 7 });
    // Its HeartbeatSeconds and TimeoutSeconds bound the wait, as on any callback task.
    expect((await d.execution(id)).cursor!.callback).toMatchObject({
      due_at: '2026-01-01T00:01:00.000Z',
      timeout_at: '2026-01-01T01:00:00.000Z',
    });
    await sendTaskSuccess(handedToken(child!), { approved: true }, d.deps);
    await d.drain();
    expect(await d.execution(id)).toMatchObject({
      status: 'SUCCEEDED',
      state: { data: { order: 7, approval: { approved: true } } },
    });
  });

  it('refuses a start that waits both for its child and for a callback, naming the field', () => {
    const refused = () =>
      parseFlowRequest(
        {
          ...nativeParent,
          tasks: [{ ...nativeParent.tasks[0], arguments: undefined, parameters: { flow_id: 'worker', wait: true } }],
        },
        defaultRegistry(),
      );
    expect(refused).toThrow(ValidationError);
    try {
      refused();
    } catch (error) {
      expect((error as ValidationError).details).toContainEqual({
        path: 'tasks[0].wait_for_callback',
        message: expect.stringContaining('not both'),
      });
    }
  });
});
