import jsonata from 'jsonata';
import validateAsl from 'asl-validator';
import { AslNotExpressibleError } from '../../src/asl/asl-errors';
import { flowToAsl } from '../../src/asl/export';
import type { TaskDefinition } from '../../src/domain/flow/flow-definition';
import { flowOfStateMachineArn } from '../../src/domain/state-machine-arn';
import { expressionText } from '../../src/expressions/template-syntax';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import awsSdk from '../../src/tasks/types/aws_sdk';
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
];

/** A task's call as its type's schema reads it, whether written as parameters or as arguments. */
function callOf(task: TaskDefinition): Record<string, unknown> {
  const written = task.arguments ?? task.parameters;
  const schema = task.task_type === 'aws_sdk' ? awsSdk.parameters : startFlow.parameters;
  // Expressions are strings: the schema reads them as they are; a start names its flow by id.
  const call = schema.parse(written) as Record<string, unknown>;
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
      if (task.arguments !== undefined && task.task_type === 'aws_sdk')
        expect(back.arguments).toMatchObject(task.arguments as object);
      expect(back.output).toEqual(task.output);
    });
  });
});
