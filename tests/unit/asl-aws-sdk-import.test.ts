import { AslImportError } from '../../src/asl/asl-errors';
import { awsCallOf } from '../../src/asl/aws-sdk-import';
import { payloadTemplate } from '../../src/asl/jsonpath';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import awsSdk from '../../src/tasks/types/aws_sdk';
import { onAwsStage } from '../support/stage-kind';

/** Task states calling AWS services, imported as aws_sdk tasks (src/asl/aws-sdk-import.ts). */
const registry = defaultRegistry();

function withGrants<T>(list: string | undefined, run: () => T): T {
  const before = process.env.FLOW_AWS_INTEGRATIONS;
  if (list === undefined) delete process.env.FLOW_AWS_INTEGRATIONS;
  else process.env.FLOW_AWS_INTEGRATIONS = list;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.FLOW_AWS_INTEGRATIONS;
    else process.env.FLOW_AWS_INTEGRATIONS = before;
  }
}

const machine = (state: Record<string, unknown>, language?: 'JSONata') => ({
  ...(language && { QueryLanguage: language }),
  StartAt: 'Call',
  States: { Call: { Type: 'Task', End: true, ...state } },
});

function imported(state: Record<string, unknown>, language?: 'JSONata', grants = '*=*') {
  return withGrants(grants, () => {
    const request = parseFlowRequest({ asl: machine(state, language), input: {} }, registry, { asl: true });
    return request.flow.tasks[0] as unknown as Record<string, unknown>;
  });
}

function refusal(state: Record<string, unknown>, grants = '*=*', language?: 'JSONata'): string[] {
  try {
    withGrants(grants, () => parseFlowRequest({ asl: machine(state, language), input: {} }, registry, { asl: true }));
  } catch (error) {
    if (error instanceof AslImportError) return error.details!.map((d) => `${d.path}: ${d.message}`);
    throw error;
  }
  throw new Error('expected the import to be refused');
}

/** What the step computes for the task's parameters from a state input, then checks with the type's schema. */
function parametersFor(task: Record<string, unknown>, input: unknown) {
  const template = (task.jsonpath as { parameters: unknown }).parameters;
  return awsSdk.parameters.parse(payloadTemplate(template, input, {}, () => undefined));
}

describe('the Resources that call AWS services', () => {
  it('reads aws-sdk integrations of any service and the optimized integrations we run', () => {
    expect(awsCallOf('arn:aws:states:::aws-sdk:dynamodb:query')).toEqual({
      service: 'dynamodb',
      action: 'query',
      integration: 'aws-sdk',
      callback: false,
    });
    expect(awsCallOf('arn:aws:states:::aws-sdk:s3:getObject')).toMatchObject({ service: 's3' });
    const optimized = {
      'arn:aws:states:::dynamodb:getItem': 'dynamodb',
      'arn:aws:states:::dynamodb:putItem': 'dynamodb',
      'arn:aws:states:::dynamodb:updateItem': 'dynamodb',
      'arn:aws:states:::dynamodb:deleteItem': 'dynamodb',
      'arn:aws:states:::sns:publish': 'sns',
      'arn:aws:states:::sqs:sendMessage': 'sqs',
      'arn:aws:states:::events:putEvents': 'eventbridge',
    };
    for (const [resource, service] of Object.entries(optimized))
      expect(awsCallOf(resource)).toEqual({
        service,
        action: resource.split(':').at(-1),
        integration: 'optimized',
        callback: false,
      });
    expect(awsCallOf('arn:aws:states:::dynamodb:query')).toBeUndefined();
    expect(awsCallOf('arn:aws:states:::ecs:runTask')).toBeUndefined();
  });
});

describe('importing a call', () => {
  it('JSONPath: Parameters become the call’s parameters, `.$` keys computed by the step', () => {
    const task = imported({
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: { TableName: 'orders', Item: { id: { 'S.$': '$.id' }, total: { N: '7' } } },
      ResultPath: '$.put',
    });
    expect(task).toMatchObject({
      task_type: 'aws_sdk',
      jsonpath: {
        parameters: {
          service: 'dynamodb',
          action: 'putItem',
          integration: 'optimized',
          parameters: { TableName: 'orders', Item: { id: { 'S.$': '$.id' }, total: { N: '7' } } },
        },
        result_path: '$.put',
      },
    });
    expect(parametersFor(task, { id: 'o-1' }).parameters).toEqual({
      TableName: 'orders',
      Item: { id: { S: 'o-1' }, total: { N: '7' } },
    });
  });

  it('JSONata: Arguments become the call’s arguments, with Output and Retry kept', () => {
    const task = imported(
      {
        Resource: 'arn:aws:states:::aws-sdk:sqs:sendMessage',
        Arguments: {
          QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
          MessageBody: '{% $states.input.m %}',
        },
        Output: '{% $states.result.MessageId %}',
        Retry: [{ ErrorEquals: ['Sqs.SqsException'], MaxAttempts: 2 }],
      },
      'JSONata',
    );
    expect(task).toMatchObject({
      task_type: 'aws_sdk',
      arguments: {
        service: 'sqs',
        action: 'sendMessage',
        integration: 'aws-sdk',
        parameters: { MessageBody: '{% $states.input.m %}' },
      },
      output: '{% $states.result.MessageId %}',
      retry: [{ error_equals: ['Sqs.SqsException'], max_attempts: 2 }],
    });
  });

  it('imports SNS, SQS and EventBridge optimized calls, and a state without Parameters sends {}', () => {
    for (const Resource of [
      'arn:aws:states:::sns:publish',
      'arn:aws:states:::sqs:sendMessage',
      'arn:aws:states:::events:putEvents',
    ])
      expect(imported({ Resource })).toMatchObject({
        task_type: 'aws_sdk',
        jsonpath: { parameters: { integration: 'optimized', parameters: {} } },
      });
  });
});

describe('a call that waits for a callback (.waitForTaskToken)', () => {
  it('is the call, then a wait for the task token it carries, bounded by HeartbeatSeconds and TimeoutSeconds', () => {
    const task = imported({
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q', MessageBody: { 'token.$': '$$.Task.Token' } },
      HeartbeatSeconds: 60,
      TimeoutSeconds: 3600,
    });
    expect(task).toMatchObject({
      task_type: 'aws_sdk',
      wait_for_callback: true,
      heartbeat_seconds: 60,
      callback_timeout_seconds: 3600,
      jsonpath: { parameters: { service: 'sqs', action: 'sendMessage', integration: 'optimized' } },
    });
    const jsonata = imported(
      {
        Resource: 'arn:aws:states:::aws-sdk:sns:publish.waitForTaskToken',
        Arguments: { TopicArn: 'arn:aws:sns:us-east-1:1:t' },
      },
      'JSONata',
    );
    expect(jsonata).toMatchObject({ task_type: 'aws_sdk', wait_for_callback: true });
  });

  it("is refused for DynamoDB's optimized integration, which has no callback form, and for .sync", () => {
    expect(refusal({ Resource: 'arn:aws:states:::dynamodb:putItem.waitForTaskToken' })).toEqual([
      "asl.States.Call.Resource: .sync integrations are not supported, nor .waitForTaskToken but on 'arn:aws:states:::lambda:invoke', 'states:startExecution', an aws-sdk call, 'sns:publish', 'sqs:sendMessage' or 'events:putEvents'",
    ]);
    expect(refusal({ Resource: 'arn:aws:states:::sqs:sendMessage.sync' })).toHaveLength(1);
  });
});

describe('refusing a call at import', () => {
  it('on an AWS stage, refuses integrations it cannot make, which import as mock_only where mocks exist', () => {
    expect(onAwsStage(() => refusal({ Resource: 'arn:aws:states:::ecs:runTask' }))).toEqual([
      'asl.States.Call.Resource: the ecs:runTask integration is not built into this engine; on the local stack it runs when a test case mocks its state (SFN_MOCK_CONFIG), but an AWS stage has no mocks',
    ]);
    expect(onAwsStage(() => refusal({ Resource: 'arn:aws:states:::aws-sdk:glue:getJob' }))[0]).toMatch(
      /^asl\.States\.Call\.Resource: the aws-sdk integration's service 'glue' has no AWS SDK client installed here \(@aws-sdk\/client-glue\)/,
    );
    expect(imported({ Resource: 'arn:aws:states:::ecs:runTask', Parameters: { Cluster: 'c' } })).toMatchObject({
      task_type: 'mock_only',
      jsonpath: { parameters: { resource: 'arn:aws:states:::ecs:runTask', parameters: { Cluster: 'c' } } },
    });
  });

  it('refuses an action its client lacks, and a Resource that is no call, on the Resource', () => {
    expect(refusal({ Resource: 'arn:aws:states:::aws-sdk:dynamodb:fetchItem' })).toEqual([
      "asl.States.Call.Resource: service 'dynamodb' has no action 'fetchItem' in its AWS SDK client",
    ]);
    expect(refusal({ Resource: 'arn:aws:states:::dynamodb:query' })[0]).toMatch(
      /^asl\.States\.Call\.Resource: must be 'flow:<task_type>', a Lambda function's ARN, .*'arn:aws:states:::aws-sdk:<service>:<action>'/,
    );
  });

  it('refuses what the stage does not grant: the action on the Resource, a written resource on Parameters', () => {
    // A table's ARN takes the deployment's region when there is one (AWS_REGION): here there is none.
    const region = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      const grants = 'dynamodb:GetItem=arn:aws:dynamodb:*:*:table/orders';
      expect(
        refusal({ Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 'orders' } }, grants),
      ).toEqual([
        'asl.States.Call.Resource: dynamodb:PutItem is not allowed on this stage: set stage parameter awsIntegrations to allow it',
      ]);
      expect(
        refusal(
          { Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { TableName: 'payments', 'Key.$': '$.key' } },
          grants,
        ),
      ).toEqual([
        'asl.States.Call.Parameters: dynamodb:GetItem is not allowed on arn:<partition>:dynamodb:<region>:<account>:table/payments on this stage: set stage parameter awsIntegrations to allow it',
      ]);
      // A table named at run time is checked when the step computes it.
      expect(
        imported(
          { Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { 'TableName.$': '$.table' } },
          undefined,
          grants,
        ),
      ).toMatchObject({ task_type: 'aws_sdk' });
      expect(
        imported(
          { Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { TableName: 'orders' } },
          undefined,
          grants,
        ),
      ).toMatchObject({ task_type: 'aws_sdk' });
    } finally {
      if (region !== undefined) process.env.AWS_REGION = region;
    }
  });
});
