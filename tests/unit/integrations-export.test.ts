import jsonata from 'jsonata';
import validateAsl from 'asl-validator';
import { AslNotExpressibleError } from '../../src/asl/asl-errors';
import { flowToAsl } from '../../src/asl/export';
import type { TaskDefinition } from '../../src/domain/flow/flow-definition';
import { flowOfStateMachineArn } from '../../src/domain/state-machine-arn';
import { expressionText } from '../../src/expressions/template-syntax';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import answerCallback from '../../src/tasks/types/answer_callback';
import awsSdk from '../../src/tasks/types/aws_sdk';
import mockOnly from '../../src/tasks/types/mock_only';
import startFlow from '../../src/tasks/types/start_flow';

/** Tasks that call out exported as the Step Functions states they stand for (src/asl/integration-export.ts). */
const registry = defaultRegistry();

/** A flow running the tasks one after the other. */
const flowOf = (tasks: Array<Record<string, unknown>>) =>
  parseFlowRequest(
    { id: 'calls', name: 'calls', start_task: tasks[0]!.name, tasks: structuredClone(tasks), conditions: [] },
    registry,
  ).flow;

const exported = (tasks: Array<Record<string, unknown>>) => flowToAsl(flowOf(tasks));
const stateOf = (task: Record<string, unknown>) => exported([task]).asl.States[task.name as string]!;

function refusal(task: Record<string, unknown>): AslNotExpressibleError {
  try {
    exported([task]);
  } catch (error) {
    if (error instanceof AslNotExpressibleError) return error;
    throw error;
  }
  throw new Error('expected the export to be refused');
}

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders';

describe('an aws_sdk task', () => {
  it('exports as arn:aws:states:::aws-sdk:<service>:<action>, its call parameters as Arguments, its templates as written', () => {
    const state = stateOf({
      name: 'read',
      task_type: 'aws_sdk',
      description: 'reads the order',
      parameters: {
        service: 'dynamodb',
        action: 'getItem',
        parameters: { TableName: 'orders', Key: { id: { S: '1' } } },
      },
      output: '{% $states.result.Item %}',
      assign: { found: '{% $exists($states.result.Item) %}' },
      timeout_seconds: 12.5,
      retry: [{ error_equals: ['DynamoDb.ProvisionedThroughputExceededException'], max_attempts: 2 }],
      catch: [{ error_equals: ['States.ALL'], next: 'fail' }],
    });
    expect(state).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem',
      Arguments: { TableName: 'orders', Key: { id: { S: '1' } } },
      // The integration's result is the call's own: no Lambda envelope to read through.
      Output: '{% $states.result.Item %}',
      Assign: { found: '{% $exists($states.result.Item) %}' },
      TimeoutSeconds: 13,
      Retry: [
        expect.objectContaining({ ErrorEquals: ['DynamoDb.ProvisionedThroughputExceededException'], MaxAttempts: 2 }),
      ],
      Catch: [expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'Failed' })],
      Comment: 'reads the order',
      End: true,
    });
  });

  it.each([
    ['dynamodb', 'putItem', 'arn:aws:states:::dynamodb:putItem'],
    ['sns', 'publish', 'arn:aws:states:::sns:publish'],
    ['sqs', 'sendMessage', 'arn:aws:states:::sqs:sendMessage'],
    // EventBridge's optimized integration is named `events`.
    ['eventbridge', 'putEvents', 'arn:aws:states:::events:putEvents'],
  ])("exports %s:%s with integration 'optimized' as %s", (service, action, resource) => {
    const state = stateOf({
      name: 'call',
      task_type: 'aws_sdk',
      parameters: { service, action, integration: 'optimized', parameters: { Any: 'thing' } },
    });
    expect(state).toMatchObject({ Type: 'Task', Resource: resource, Arguments: { Any: 'thing' } });
  });

  it('exports computed arguments as the Arguments template, expressions kept', () => {
    const state = stateOf({
      name: 'send',
      task_type: 'aws_sdk',
      arguments: {
        service: 'sqs',
        action: 'sendMessage',
        parameters: { QueueUrl: QUEUE, MessageBody: '{% $string($states.input) %}' },
      },
    });
    expect(state).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:sqs:sendMessage',
      Arguments: { QueueUrl: QUEUE, MessageBody: '{% $string($states.input) %}' },
    });
  });

  it('with wait_for_callback, exports the .waitForTaskToken form, its heartbeat and wait bound, and warns of nothing', () => {
    const { asl, warnings } = exported([
      {
        name: 'ask',
        task_type: 'aws_sdk',
        wait_for_callback: true,
        heartbeat_seconds: 60,
        callback_timeout_seconds: 3600,
        parameters: {
          service: 'sqs',
          action: 'sendMessage',
          integration: 'optimized',
          parameters: { QueueUrl: QUEUE, MessageBody: { token: '{% $states.context.Task.Token %}' } },
        },
      },
      {
        name: 'generic',
        task_type: 'aws_sdk',
        wait_for_callback: true,
        parameters: { service: 'sns', action: 'publish', parameters: { TopicArn: 'arn:aws:sns:us-east-1:1:t' } },
      },
    ]);
    expect(asl.States.ask).toMatchObject({
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Arguments: { QueueUrl: QUEUE, MessageBody: { token: '{% $states.context.Task.Token %}' } },
      HeartbeatSeconds: 60,
      // The wait's bound, as the import reads TimeoutSeconds of a callback form back.
      TimeoutSeconds: 3600,
    });
    expect(asl.States.generic).toMatchObject({ Resource: 'arn:aws:states:::aws-sdk:sns:publish.waitForTaskToken' });
    expect(asl.States.generic).not.toHaveProperty('TimeoutSeconds');
    expect(warnings).toEqual([]);
  });

  it("waits through the aws-sdk form where the optimized integration has no callback form (DynamoDB's), with a warning", () => {
    const { asl, warnings } = exported([
      {
        name: 'put',
        task_type: 'aws_sdk',
        wait_for_callback: true,
        parameters: {
          service: 'dynamodb',
          action: 'putItem',
          integration: 'optimized',
          parameters: { TableName: 't' },
        },
      },
    ]);
    expect(asl.States.put).toMatchObject({ Resource: 'arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken' });
    expect(warnings).toEqual([
      {
        path: 'flow.tasks[0].parameters.integration',
        message: expect.stringContaining('has no .waitForTaskToken form'),
      },
    ]);
  });

  it('is refused, naming the field, when its service or action is computed: a Resource cannot be', () => {
    const error = refusal({
      name: 'call',
      task_type: 'aws_sdk',
      arguments: { service: '{% $states.input.service %}', action: 'getItem', parameters: {} },
    });
    expect(error.message).toMatch(/^flow\.tasks\[0\]\.arguments\.service: chooses the state's Resource/);
  });
});

describe('a start_flow task', () => {
  it('exports as states:startExecution without wait, the flow named by its ARN, with Input, Name and TimeoutSeconds', () => {
    const { asl, warnings } = exported([
      {
        name: 'notify',
        task_type: 'start_flow',
        timeout_seconds: 5,
        parameters: { flow_id: 'notify', input: { order: 42 }, name: 'notify-42' },
      },
    ]);
    expect(asl.States.notify).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Arguments: {
        StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:notify',
        Input: { order: 42 },
        Name: 'notify-42',
      },
      TimeoutSeconds: 5,
      End: true,
    });
    expect(warnings).toEqual([
      {
        path: 'flow.tasks[0].parameters.flow_id',
        message: expect.stringMatching(
          /^task 'notify' starts the saved flow 'notify' as the state machine arn:aws:states:us-east-1:123456789012:stateMachine:notify: a state machine of that name must exist on Step Functions/,
        ),
      },
    ]);
  });

  it("exports a waited start as .sync (output_format 'string') or .sync:2, with no TimeoutSeconds: the task's own bound is not the child's", () => {
    const { asl } = exported([
      { name: 'text', task_type: 'start_flow', parameters: { flow_id: 'a', wait: true, output_format: 'string' } },
      { name: 'json', task_type: 'start_flow', parameters: { flow_id: 'b', wait: true } },
    ]);
    expect(asl.States.text).toMatchObject({ Resource: 'arn:aws:states:::states:startExecution.sync' });
    expect(asl.States.json).toMatchObject({ Resource: 'arn:aws:states:::states:startExecution.sync:2' });
    expect(asl.States.text).not.toHaveProperty('TimeoutSeconds');
    expect(asl.States.json).not.toHaveProperty('TimeoutSeconds');
  });

  it('with wait_for_callback, exports the .waitForTaskToken form: started, then a callback waited for, within its bounds', () => {
    const state = stateOf({
      name: 'delegate',
      task_type: 'start_flow',
      wait_for_callback: true,
      heartbeat_seconds: 30,
      callback_timeout_seconds: 900,
      arguments: { flow_id: 'worker', input: { token: '{% $states.context.Task.Token %}' } },
    });
    expect(state).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.waitForTaskToken',
      Arguments: {
        StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:worker',
        Input: { token: '{% $states.context.Task.Token %}' },
      },
      TimeoutSeconds: 900,
      HeartbeatSeconds: 30,
      End: true,
    });
  });

  it("keeps a state machine ARN as given, and writes a version as the version ARN's :<version>, with a warning", () => {
    const arn = 'arn:aws:states:eu-west-1:210987654321:stateMachine:shipping';
    const { asl, warnings } = exported([
      { name: 'given', task_type: 'start_flow', parameters: { flow_id: arn, input: {} } },
      { name: 'versioned', task_type: 'start_flow', parameters: { flow_id: `${arn}:1`, version: 3, input: {} } },
    ]);
    expect(asl.States.given).toMatchObject({ Arguments: { StateMachineArn: arn } });
    // A version beside an ARN replaces the ARN's own, as the engine reads them.
    expect(asl.States.versioned).toMatchObject({ Arguments: { StateMachineArn: `${arn}:3` } });
    expect(warnings).toContainEqual({
      path: 'flow.tasks[1].parameters.version',
      message: expect.stringContaining('Step Functions numbers versions as they are published'),
    });
  });

  it("warns that a start without input does not get the saved flow's default input", () => {
    const { warnings } = exported([{ name: 'go', task_type: 'start_flow', parameters: { flow_id: 'child' } }]);
    expect(warnings).toEqual([
      {
        path: 'flow.tasks[0].parameters.flow_id',
        message: expect.stringContaining("it starts with no input rather than the saved flow's default input"),
      },
    ]);
  });

  it('exports a computed flow id as an expression that gives an ARN for an id, and an ARN as it is', async () => {
    const state = stateOf({
      name: 'go',
      task_type: 'start_flow',
      arguments: { flow_id: '{% $states.input.target %}', input: '{% $states.input.order %}' },
    }) as { Arguments: { StateMachineArn: string; Input: unknown } };
    expect(state.Arguments.Input).toBe('{% $states.input.order %}');
    const arnFor = (target: string) =>
      jsonata(expressionText(state.Arguments.StateMachineArn)).evaluate({}, { states: { input: { target } } });
    await expect(arnFor('child')).resolves.toBe('arn:aws:states:us-east-1:123456789012:stateMachine:child');
    const given = 'arn:aws:states:eu-west-1:210987654321:stateMachine:other:2';
    await expect(arnFor(given)).resolves.toBe(given);
  });

  it('is refused, naming the field, when wait is computed or a version goes with a computed flow id', () => {
    expect(
      refusal({ name: 'go', task_type: 'start_flow', arguments: { flow_id: 'child', wait: '{% $states.input.w %}' } })
        .message,
    ).toMatch(/^flow\.tasks\[0\]\.arguments\.wait: chooses the state's Resource/);
    expect(
      refusal({ name: 'go', task_type: 'start_flow', arguments: { flow_id: '{% $states.input.f %}', version: 2 } })
        .message,
    ).toMatch(/^flow\.tasks\[0\]\.arguments\.version: with a computed flow_id/);
  });
});

describe('a mock_only task', () => {
  it('exports as the call it keeps: its resource as the Resource, its parameters as Arguments, its bound', () => {
    const { asl, warnings } = exported([
      {
        name: 'run',
        task_type: 'mock_only',
        description: 'runs the report',
        timeout_seconds: 30,
        parameters: {
          resource: 'arn:aws:states:::ecs:runTask.sync',
          parameters: { Cluster: 'reports', TaskDefinition: 'report:3' },
        },
        output: '{% $states.result.Tasks[0] %}',
      },
    ]);
    expect(asl.States.run).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::ecs:runTask.sync',
      Arguments: { Cluster: 'reports', TaskDefinition: 'report:3' },
      TimeoutSeconds: 30,
      Output: '{% $states.result.Tasks[0] %}',
      Comment: 'runs the report',
      End: true,
    });
    expect(warnings).toEqual([]);
  });

  it('keeps computed arguments as the Arguments template, and a call without parameters has no Arguments', () => {
    const { asl } = exported([
      {
        name: 'ask',
        task_type: 'mock_only',
        arguments: {
          resource: 'arn:aws:states:::bedrock:invokeModel',
          parameters: { ModelId: 'm', Body: { prompt: '{% $states.input.question %}' } },
        },
      },
      { name: 'poll', task_type: 'mock_only', parameters: { resource: 'arn:aws:states:us-east-1:1:activity:poll' } },
    ]);
    expect(asl.States.ask).toMatchObject({
      Resource: 'arn:aws:states:::bedrock:invokeModel',
      Arguments: { ModelId: 'm', Body: { prompt: '{% $states.input.question %}' } },
    });
    // A task's default bound, as on every exported task.
    expect(asl.States.poll).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:us-east-1:1:activity:poll',
      TimeoutSeconds: 30,
      End: true,
    });
  });

  it('exports a .waitForTaskToken resource as it is, with the bounds of its wait', () => {
    const { asl, warnings } = exported([
      {
        name: 'hand',
        task_type: 'mock_only',
        wait_for_callback: true,
        heartbeat_seconds: 20,
        callback_timeout_seconds: 300,
        arguments: {
          resource: 'arn:aws:states:::ecs:runTask.waitForTaskToken',
          parameters: { Overrides: { token: '{% $states.context.Task.Token %}' } },
        },
      },
    ]);
    expect(asl.States.hand).toMatchObject({
      Resource: 'arn:aws:states:::ecs:runTask.waitForTaskToken',
      Arguments: { Overrides: { token: '{% $states.context.Task.Token %}' } },
      TimeoutSeconds: 300,
      HeartbeatSeconds: 20,
    });
    expect(warnings).toEqual([]);
  });

  it('warns when the task waits for a callback but its Resource does not', () => {
    const { asl, warnings } = exported([
      {
        name: 'run',
        task_type: 'mock_only',
        wait_for_callback: true,
        parameters: { resource: 'arn:aws:states:::glue:startJobRun.sync' },
      },
    ]);
    expect(asl.States.run).toMatchObject({ Resource: 'arn:aws:states:::glue:startJobRun.sync' });
    expect(warnings).toEqual([
      {
        path: 'flow.tasks[0].wait_for_callback',
        message: expect.stringContaining("task 'run' waits for a callback here, but its Resource"),
      },
    ]);
  });

  it('is refused, naming the field, when its resource is computed', () => {
    expect(
      refusal({ name: 'run', task_type: 'mock_only', arguments: { resource: '{% $states.input.arn %}' } }).message,
    ).toMatch(/^flow\.tasks\[0\]\.arguments\.resource: chooses the state's Resource/);
  });
});

describe('an answer_callback task', () => {
  it.each([
    ['success', 'sendTaskSuccess', { output_text: '{"ok":true}' }, { Output: '{"ok":true}' }],
    ['failure', 'sendTaskFailure', { error: 'Worker.Busy', cause: 'later' }, { Error: 'Worker.Busy', Cause: 'later' }],
    ['heartbeat', 'sendTaskHeartbeat', {}, {}],
  ])('with outcome %s exports as sfn:%s, its parameters renamed to the arguments', (outcome, action, given, args) => {
    const state = stateOf({
      name: 'answer',
      task_type: 'answer_callback',
      arguments: { task_token: '{% $states.input.token %}', outcome, ...given },
    });
    expect(state).toEqual({
      Type: 'Task',
      Resource: `arn:aws:states:::aws-sdk:sfn:${action}`,
      Arguments: { TaskToken: '{% $states.input.token %}', ...args },
      TimeoutSeconds: 30,
      End: true,
    });
  });

  it('writes a literal output as its JSON text', () => {
    const state = stateOf({
      name: 'answer',
      task_type: 'answer_callback',
      parameters: { task_token: 't', outcome: 'success', output: { approved: true, by: ['ann'] } },
    });
    expect(state).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess',
      Arguments: { TaskToken: 't', Output: '{"approved":true,"by":["ann"]}' },
    });
  });

  it.each([
    ['an object', { a: 'x"y', b: [1, [2]] }],
    ['an array', [[1], 'two']],
    ['a string', 'quoted "é" 🎉'],
    ['a number', 4.5],
    ['a boolean', false],
    ['null', null],
  ])('writes a computed output as an expression giving its JSON text: %s', async (_, value) => {
    const state = stateOf({
      name: 'answer',
      task_type: 'answer_callback',
      arguments: { task_token: 't', outcome: 'success', output: '{% $states.input.verdict %}' },
    }) as { Arguments: { Output: string } };
    const text: unknown = await jsonata(expressionText(state.Arguments.Output)).evaluate(
      {},
      { states: { input: { verdict: value } } },
    );
    expect(typeof text).toBe('string');
    expect(JSON.parse(text as string)).toEqual(value);
  });

  it('is refused, naming the field, when its outcome is computed or its output holds expressions inside a literal', () => {
    expect(
      refusal({
        name: 'answer',
        task_type: 'answer_callback',
        arguments: { task_token: 't', outcome: '{% $states.input.outcome %}' },
      }).message,
    ).toMatch(/^flow\.tasks\[0\]\.arguments\.outcome: chooses the state's Resource/);
    expect(
      refusal({
        name: 'answer',
        task_type: 'answer_callback',
        arguments: { task_token: 't', outcome: 'success', output: { ok: '{% $states.input.ok %}' } },
      }).message,
    ).toMatch(/^flow\.tasks\[0\]\.arguments\.output: is sent as JSON text/);
  });
});

describe('a wait for a callback that no state carries', () => {
  it("warns precisely for a callback task, which only waits, and for another task's wait", () => {
    const { warnings } = exported([
      { name: 'approve', task_type: 'callback' },
      { name: 'ask', task_type: 'noop', wait_for_callback: true },
    ]);
    expect(warnings).toEqual([
      {
        path: 'flow.tasks[0].task_type',
        message: expect.stringContaining(
          "task 'approve' only waits for a callback (docs/callbacks.md), and Step Functions has no state that only waits for a task token",
        ),
      },
      {
        path: 'flow.tasks[1].wait_for_callback',
        message: expect.stringContaining("task 'ask' waits for a callback here"),
      },
    ]);
  });
});

/** Every task type's fields here, in both their written forms, as the task type's schema reads them. */
const TASKS = [
  {
    name: 'read',
    task_type: 'aws_sdk',
    parameters: {
      service: 'dynamodb',
      action: 'getItem',
      parameters: { TableName: 'orders', Key: { id: { S: '1' } } },
    },
    output: '{% $states.result.Item %}',
  },
  {
    name: 'publish',
    task_type: 'aws_sdk',
    arguments: {
      service: 'eventbridge',
      action: 'putEvents',
      integration: 'optimized',
      parameters: { Entries: [{ Source: 'orders', DetailType: 'read', Detail: '{% $states.input %}' }] },
    },
  },
  {
    name: 'ask',
    task_type: 'aws_sdk',
    wait_for_callback: true,
    heartbeat_seconds: 30,
    callback_timeout_seconds: 600,
    arguments: {
      service: 'sqs',
      action: 'sendMessage',
      integration: 'optimized',
      parameters: { QueueUrl: QUEUE, MessageBody: { token: '{% $states.context.Task.Token %}' } },
    },
  },
  {
    name: 'ship',
    task_type: 'start_flow',
    parameters: { flow_id: 'shipping', version: 2, input: { order: 1 }, wait: true, output_format: 'string' },
  },
  {
    name: 'notify',
    task_type: 'start_flow',
    arguments: { flow_id: 'notify', input: '{% $states.input %}', name: 'notify-1' },
  },
  { name: 'approve', task_type: 'callback' },
  {
    name: 'report',
    task_type: 'mock_only',
    parameters: { resource: 'arn:aws:states:::ecs:runTask.sync', parameters: { Cluster: 'reports' } },
  },
  {
    name: 'hand',
    task_type: 'mock_only',
    wait_for_callback: true,
    callback_timeout_seconds: 120,
    arguments: {
      resource: 'arn:aws:states:::glue:startJobRun.waitForTaskToken',
      parameters: { Arguments: { '--token': '{% $states.context.Task.Token %}' } },
    },
  },
  {
    name: 'accept',
    task_type: 'answer_callback',
    arguments: { task_token: '{% $states.input.token %}', outcome: 'success', output: { accepted: true } },
  },
  {
    name: 'refuse',
    task_type: 'answer_callback',
    arguments: { task_token: '{% $states.input.token %}', outcome: 'failure', error: 'No', cause: 'refused' },
  },
  { name: 'beat', task_type: 'answer_callback', parameters: { task_token: 't', outcome: 'heartbeat' } },
];

const SCHEMAS: Record<string, { parse: (value: unknown) => unknown }> = {
  aws_sdk: awsSdk.parameters,
  start_flow: startFlow.parameters,
  mock_only: mockOnly.parameters,
  answer_callback: answerCallback.parameters,
};

/** A task's call as its type's schema reads it, whether written as parameters or as arguments. */
function callOf(task: TaskDefinition): Record<string, unknown> {
  const written = task.arguments ?? task.parameters;
  // Expressions are strings: the schema reads them as they are; a start names its flow by id.
  const call = SCHEMAS[task.task_type]!.parse(written) as Record<string, unknown>;
  // An answer's output is sent as its JSON text: the same answer.
  if (task.task_type === 'answer_callback' && typeof call.output_text === 'string') {
    const { output_text, ...rest } = call;
    return { ...rest, output: JSON.parse(output_text) as unknown };
  }
  if (task.task_type !== 'start_flow') return call;
  const named: { flow_id: unknown; version?: number } = flowOfStateMachineArn(call.flow_id as string) ?? {
    flow_id: call.flow_id,
  };
  const { flow_id, version, ...rest } = { ...call, ...named, version: call.version ?? named.version };
  return { flow_id, version, ...rest };
}

const waitOf = (task: TaskDefinition) => ({
  wait_for_callback: task.wait_for_callback,
  heartbeat_seconds: task.heartbeat_seconds,
  callback_timeout_seconds: task.callback_timeout_seconds,
});

describe('the round trip of tasks that call out', () => {
  const flow = flowOf(TASKS);
  const { asl } = flowToAsl(flow);
  const imported = parseFlowRequest({ asl, input: {} }, registry, { asl: true }).flow;

  it('writes a state machine asl-validator accepts', () => {
    const result = validateAsl(structuredClone(asl));
    expect(result.isValid ? '' : result.errorsText('\n')).toBe('');
  });

  it('imports the export back as the same tasks: type, call, computed parts and callback wait', () => {
    expect(imported.tasks.map((t) => t.name)).toEqual(flow.tasks.map((t) => t.name));
    flow.tasks.forEach((task, i) => {
      const back = imported.tasks[i]!;
      expect(back.task_type).toBe(task.task_type);
      expect(waitOf(back)).toEqual(waitOf(task));
      if (task.task_type !== 'callback') expect(callOf(back)).toEqual(callOf(task));
      // Computed parts stay computed: the same templates.
      if (task.task_type === 'mock_only' || task.task_type === 'answer_callback')
        expect(back.arguments === undefined).toBe(task.arguments === undefined);
      if (task.arguments !== undefined && (task.task_type === 'aws_sdk' || task.task_type === 'mock_only'))
        expect(back.arguments).toMatchObject(task.arguments as object);
      expect(back.output).toEqual(task.output);
    });
  });
});
