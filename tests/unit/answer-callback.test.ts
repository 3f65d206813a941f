import type { Execution } from '../../src/domain/execution/execution';
import { createExecution } from '../../src/service/execution-lifecycle';
import { saveFlow } from '../../src/service/saved-flows';
import { EngineDriver } from '../support/engine-driver';

/**
 * A flow answering another task's callback wait: the `answer_callback` task type, and a state
 * machine's `aws-sdk:sfn:sendTaskSuccess|sendTaskFailure|sendTaskHeartbeat`, which the engine
 * answers itself (docs/callbacks.md).
 */

/** A parent that waits for a callback, and a second execution that answers it with `answer`. */
async function waitingParent(d: EngineDriver): Promise<{ id: string; token: string }> {
  const id = await d.start({
    id: 'waiter',
    name: 'waiter',
    start_task: 'wait',
    tasks: [{ name: 'wait', task_type: 'callback', retry: [{ error_equals: ['Again'], max_attempts: 1 }] }],
    conditions: [],
  });
  await d.drain();
  return { id, token: (await d.execution(id)).cursor!.callback!.token };
}

const answering = (parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'answerer',
  name: 'answerer',
  start_task: 'answer',
  tasks: [{ name: 'answer', task_type: 'answer_callback', parameters, ...extra }],
  conditions: [],
});

async function runToEnd(d: EngineDriver, id: string): Promise<Execution> {
  await d.drain();
  return d.execution(id);
}

describe('answer_callback', () => {
  it('ends the waiting task with the output it sends, once', async () => {
    const d = new EngineDriver();
    const parent = await waitingParent(d);
    const answer = await d.start(answering({ task_token: parent.token, outcome: 'success', output: { ok: 1 } }));
    expect(await runToEnd(d, answer)).toMatchObject({ status: 'SUCCEEDED', state: { data: {} } });
    expect(await d.execution(parent.id)).toMatchObject({ status: 'SUCCEEDED', state: { data: { ok: 1 } } });
    // The token was taken: a second answer is refused with Step Functions' aws-sdk error name.
    const late = await d.start(answering({ task_token: parent.token, outcome: 'success', output_text: '{}' }));
    expect(await runToEnd(d, late)).toMatchObject({ status: 'FAILED', reason: 'Sfn.TaskTimedOutException' });
  });

  it('sends a failure with its error and cause, which the waiting task retries on', async () => {
    const d = new EngineDriver();
    const parent = await waitingParent(d);
    const answer = await d.start(
      answering({ task_token: parent.token, outcome: 'failure', error: 'Again', cause: 'not yet' }),
    );
    expect((await runToEnd(d, answer)).status).toBe('SUCCEEDED');
    const retried = await d.execution(parent.id);
    expect(retried.status).toBe('RUNNING');
    expect(retried.cursor).toMatchObject({ seq: 2, retries: [1] });
  });

  it('refuses a token of no task and output that is not JSON text, by their Step Functions names', async () => {
    const d = new EngineDriver();
    const forged = await d.start(answering({ task_token: 'not-a-token', outcome: 'heartbeat' }));
    expect(await runToEnd(d, forged)).toMatchObject({ status: 'FAILED', reason: 'Sfn.InvalidTokenException' });
    const parent = await waitingParent(d);
    const broken = await d.start(answering({ task_token: parent.token, outcome: 'success', output_text: '{nope' }));
    expect(await runToEnd(d, broken)).toMatchObject({ status: 'FAILED', reason: 'Sfn.InvalidOutputException' });
    expect((await d.execution(parent.id)).status).toBe('RUNNING');
  });

  it('takes a re-run of its step after a lost invocation as done, its first answer having been taken', async () => {
    const d = new EngineDriver();
    const parent = await waitingParent(d);
    const id = await d.start(answering({ task_token: parent.token, outcome: 'success', output: { once: true } }));
    const first = d.dispatcher.takeOne();
    // The first run answers, then its invocation dies before it records the step (a crash in its commit).
    const commit = d.store.commitStep.bind(d.store);
    d.store.commitStep = () => Promise.reject(new Error('invocation died'));
    await d.deliver(first).catch(() => undefined);
    d.store.commitStep = commit;
    await d.drain(); // the parent completes with the answer
    expect(await d.execution(parent.id)).toMatchObject({ status: 'SUCCEEDED', state: { data: { once: true } } });
    d.advance(46);
    await d.sweep();
    expect(await runToEnd(d, id)).toMatchObject({ status: 'SUCCEEDED' });
    // Its step was run again, and that run, refused by the task that had moved on, ended it as done.
    expect(await d.steps(id)).toEqual([expect.objectContaining({ status: 'SUCCEEDED', attempt: 2 })]);
  });

  it.each([
    [{ outcome: 'heartbeat', output: {} }, 'output'],
    [{ outcome: 'success', error: 'E' }, 'error'],
    [{ outcome: 'success', output: {}, output_text: '{}' }, 'output_text'],
  ])('refuses %j at submission, naming %s', async (parameters, field) => {
    const d = new EngineDriver();
    const error = await d.start(answering({ task_token: 't', ...parameters })).catch((e: unknown) => e);
    expect((error as { details?: Array<{ path: string }> }).details).toEqual([
      expect.objectContaining({ path: `tasks[0].parameters.${field}` }),
    ]);
  });
});

describe('aws-sdk:sfn:sendTaskSuccess in a state machine', () => {
  it('lets a child started with .waitForTaskToken hand its parent the outcome', async () => {
    const d = new EngineDriver();
    await saveFlow(
      'approver',
      {
        asl: {
          StartAt: 'Approve',
          States: {
            Approve: {
              Type: 'Task',
              Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess',
              Parameters: { 'TaskToken.$': '$.token', 'Output.$': 'States.JsonToString($.decision)' },
              End: true,
            },
          },
        },
      },
      { ...d.deps, flows: d.flows },
    );
    const { execution } = await createExecution(
      {
        input: { order: 3 },
        asl: {
          StartAt: 'Ask',
          States: {
            Ask: {
              Type: 'Task',
              Resource: 'arn:aws:states:::states:startExecution.waitForTaskToken',
              Parameters: {
                StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:approver',
                Input: { 'token.$': '$$.Task.Token', decision: { approved: true } },
              },
              ResultPath: '$.decision',
              End: true,
            },
          },
        },
      },
      { start: true, asl: true },
      d.deps,
    );
    const parent = await runToEnd(d, execution.execution_id);
    expect(parent).toMatchObject({ status: 'SUCCEEDED', state: { data: { order: 3, decision: { approved: true } } } });
  });

  it('imports sendTaskFailure and sendTaskHeartbeat as answers, and refuses an argument they do not take', async () => {
    const d = new EngineDriver();
    const imported = async (resource: string, parameters: Record<string, unknown>) => {
      const { execution } = await createExecution(
        {
          asl: { StartAt: 'A', States: { A: { Type: 'Task', Resource: resource, Parameters: parameters, End: true } } },
        },
        { start: false, asl: true },
        d.deps,
      );
      const flow = await d.store.loadDefinition(execution.execution_id, execution.definition_hash);
      return flow.tasks[0];
    };
    expect(
      await imported('arn:aws:states:::aws-sdk:sfn:sendTaskFailure', { 'TaskToken.$': '$.t', Error: 'No', Cause: 'c' }),
    ).toMatchObject({
      task_type: 'answer_callback',
      jsonpath: { parameters: { outcome: 'failure', 'task_token.$': '$.t', error: 'No', cause: 'c' } },
    });
    expect(await imported('arn:aws:states:::aws-sdk:sfn:sendTaskHeartbeat', { TaskToken: 'x' })).toMatchObject({
      task_type: 'answer_callback',
      jsonpath: { parameters: { outcome: 'heartbeat', task_token: 'x' } },
    });
    const refused = await imported('arn:aws:states:::aws-sdk:sfn:sendTaskSuccess', { TaskToken: 'x', Extra: 1 }).catch(
      (e: unknown) => e,
    );
    expect((refused as { details?: unknown[] }).details).toEqual([
      expect.objectContaining({ path: 'asl.States.A.Parameters.Extra' }),
    ]);
  });
});
