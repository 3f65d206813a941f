import { flowToAsl } from '../../src/asl/export';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { createExecution } from '../../src/service/execution-lifecycle';
import { sendTaskSuccess } from '../../src/service/task-callbacks';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { EngineDriver } from '../support/engine-driver';

/** `.waitForTaskToken` states as callback tasks (docs/callbacks.md), their heartbeat and timeout honoured. */

function imported(machine: Record<string, unknown>) {
  const before = { list: process.env.INVOKE_LAMBDA_FUNCTIONS, region: process.env.AWS_REGION };
  process.env.INVOKE_LAMBDA_FUNCTIONS = 'ask-approval';
  process.env.AWS_REGION = 'us-east-1';
  try {
    return parseFlowRequest({ asl: machine }, defaultRegistry(), { asl: true });
  } finally {
    if (before.list === undefined) delete process.env.INVOKE_LAMBDA_FUNCTIONS;
    else process.env.INVOKE_LAMBDA_FUNCTIONS = before.list;
    if (before.region === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = before.region;
  }
}

describe('lambda:invoke.waitForTaskToken', () => {
  it('imports as an invoke_lambda task that waits for a callback, with its HeartbeatSeconds and TimeoutSeconds', () => {
    const { flow, warnings } = imported({
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'ask-approval', Payload: { 'token.$': '$$.Task.Token', 'order.$': '$.order' } },
          HeartbeatSeconds: 60,
          TimeoutSeconds: 3600,
          ResultPath: '$.approval',
          End: true,
        },
      },
    });
    expect(warnings).toEqual([]);
    expect(flow.tasks[0]).toMatchObject({
      task_type: 'invoke_lambda',
      wait_for_callback: true,
      heartbeat_seconds: 60,
      callback_timeout_seconds: 3600,
      // The function's own run keeps the default bound; TimeoutSeconds bounds the wait.
      timeout_seconds: 30,
      jsonpath: {
        parameters: { function_name: 'ask-approval', payload: { 'token.$': '$$.Task.Token', 'order.$': '$.order' } },
        result_path: '$.approval',
      },
    });
  });

  it('imports in JSONata mode too, the token read as $states.context.Task.Token', () => {
    const { flow, warnings } = imported({
      QueryLanguage: 'JSONata',
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Arguments: { FunctionName: 'ask-approval', Payload: { token: '{% $states.context.Task.Token %}' } },
          HeartbeatSeconds: 10,
          TimeoutSeconds: 100,
          Next: 'Plain',
        },
        Plain: { Type: 'Task', Resource: 'flow:noop', HeartbeatSeconds: 5, End: true },
      },
    });
    expect(flow.tasks[0]).toMatchObject({
      task_type: 'invoke_lambda',
      wait_for_callback: true,
      heartbeat_seconds: 10,
      callback_timeout_seconds: 100,
      arguments: { function_name: 'ask-approval', payload: { token: '{% $states.context.Task.Token %}' } },
    });
    expect(flow.tasks[0]).not.toHaveProperty('arguments.result');
    // A task that waits for no callback gets no heartbeat: left out, with a warning.
    expect(flow.tasks[1]).not.toHaveProperty('heartbeat_seconds');
    expect(warnings).toEqual([
      { path: 'asl.States.Plain.HeartbeatSeconds', message: expect.stringContaining('left out') },
    ]);
  });

  it('still refuses .waitForTaskToken on an integration without a callback form', () => {
    let details: Array<{ path: string; message: string }> = [];
    try {
      imported({
        StartAt: 'Q',
        States: { Q: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem.waitForTaskToken', End: true } },
      });
    } catch (error) {
      details = (error as { details: typeof details }).details;
    }
    expect(details).toEqual([{ path: 'asl.States.Q.Resource', message: expect.stringMatching(/waitForTaskToken/) }]);
  });
});

describe('a JSONPath callback state', () => {
  const machine = {
    StartAt: 'Approve',
    States: {
      Approve: {
        Type: 'Task',
        Resource: 'flow:callback',
        HeartbeatSeconds: 30,
        ResultSelector: { 'token.$': '$$.Task.Token', 'answer.$': '$.answer' },
        ResultPath: '$.approval',
        Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.error', Next: 'NoAnswer' }],
        End: true,
      },
      NoAnswer: { Type: 'Pass', Result: 'no answer', ResultPath: '$.outcome', End: true },
    },
  };

  it('reads $$.Task.Token and hands the callback output on through ResultSelector and ResultPath', async () => {
    const driver = new EngineDriver();
    const { execution } = await createExecution(
      { asl: machine, input: { order: 7 } },
      { start: true, asl: true },
      driver.deps,
    );
    const id = execution.execution_id;
    await driver.drain();
    const token = (await driver.execution(id)).cursor!.callback!.token;
    await sendTaskSuccess(token, { answer: 'yes', noise: 1 }, driver.deps);
    await driver.drain();
    const done = await driver.execution(id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.state.data).toEqual({ order: 7, approval: { token, answer: 'yes' } });
  });

  it('fails with States.HeartbeatTimeout after HeartbeatSeconds, which its Catch takes', async () => {
    const driver = new EngineDriver();
    const { execution } = await createExecution({ asl: machine, input: {} }, { start: true, asl: true }, driver.deps);
    const id = execution.execution_id;
    await driver.drain();
    driver.advance(31);
    await driver.fireTimers();
    await driver.drain();
    const done = await driver.execution(id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.state.data).toMatchObject({ error: { Error: 'States.HeartbeatTimeout' }, outcome: 'no answer' });
  });
});

describe('the export of a flow with a callback task', () => {
  it('warns that the exported state does not wait, as Step Functions has no state that only waits for a token', () => {
    const { flow } = parseFlowRequest(
      {
        id: 'approval',
        name: 'approval',
        start_task: 'approve',
        tasks: [{ name: 'approve', task_type: 'callback' }],
        conditions: [],
      },
      defaultRegistry(),
    );
    const exported = flowToAsl(flow);
    expect(exported.warnings).toEqual([
      {
        path: 'flow.tasks[0].task_type',
        message: expect.stringContaining('Step Functions has no state that only waits for a task token'),
      },
    ]);
  });
});
