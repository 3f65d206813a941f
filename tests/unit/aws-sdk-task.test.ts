import { ConditionalCheckFailedException, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { NotFoundException } from '@aws-sdk/client-sns';
import { QueueDoesNotExist } from '@aws-sdk/client-sqs';
import { NoSuchKey } from '@aws-sdk/client-s3';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { ValidationError } from '../../src/domain/errors';
import { allowedIntegrations, integrationRefusal, parseIntegrationGrants } from '../../src/tasks/aws-allow-list';
import { callResources } from '../../src/tasks/aws-call-resources';
import {
  javaExceptionName,
  sdkErrorCause,
  sdkErrorName,
  sdkInput,
  sdkOutput,
  sdkResult,
} from '../../src/tasks/aws-sdk-result';
import { iamAction, serviceModule } from '../../src/tasks/aws-services';
import { defaultRegistry } from '../../src/tasks/default-registry';
import awsSdk, { optimizedInput } from '../../src/tasks/types/aws_sdk';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the deployment script is CommonJS
const { integrationStatements } = require('../../scripts/deploy/aws-integrations-access.cjs') as {
  integrationStatements: (text: string) => Array<{ Effect: string; Action: string[]; Resource: string[] }>;
};

const ORDERS = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:order-events';

function withGrants<T>(list: string | undefined, run: () => T): T {
  const before = { list: process.env.FLOW_AWS_INTEGRATIONS, region: process.env.AWS_REGION };
  if (list === undefined) delete process.env.FLOW_AWS_INTEGRATIONS;
  else process.env.FLOW_AWS_INTEGRATIONS = list;
  process.env.AWS_REGION = 'us-east-1';
  try {
    return run();
  } finally {
    if (before.list === undefined) delete process.env.FLOW_AWS_INTEGRATIONS;
    else process.env.FLOW_AWS_INTEGRATIONS = before.list;
    if (before.region === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = before.region;
  }
}

/** The problems of a flow whose only task is this aws_sdk call, as submission reports them. */
function submissionProblems(parameters: Record<string, unknown>, list?: string) {
  return withGrants(list, () => {
    const body = {
      flow: {
        id: 'calls',
        name: 'calls',
        start_task: 'call',
        tasks: [{ name: 'call', task_type: 'aws_sdk', parameters }],
        conditions: [],
      },
    };
    try {
      parseFlowRequest(body, defaultRegistry());
      return [];
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return error.details!.map((d) => `${d.path}: ${d.message}`);
    }
  });
}

describe('aws_sdk parameters at submission', () => {
  const getOrder = {
    service: 'dynamodb',
    action: 'getItem',
    parameters: { TableName: 'orders', Key: { id: { S: '1' } } },
  };

  it('accepts a call of an installed service, and defaults to the aws-sdk integration', () => {
    expect(submissionProblems(getOrder)).toEqual([]);
    expect(awsSdk.parameters.parse({ service: 'sqs', action: 'listQueues' })).toEqual({
      service: 'sqs',
      action: 'listQueues',
      parameters: {},
      integration: 'aws-sdk',
    });
  });

  it('refuses a service whose client is not installed, naming the field and the services there are', () => {
    expect(submissionProblems({ service: 'glue', action: 'startJobRun' })).toEqual([
      "flow.tasks[0].parameters.service: service 'glue' has no AWS SDK client installed here (@aws-sdk/client-glue); services with an installed client: dynamodb, eventbridge, lambda, s3, sns, sqs, ssm",
    ]);
  });

  it('refuses an action the client does not have, or not in camel case', () => {
    expect(submissionProblems({ service: 'dynamodb', action: 'getItems' })).toEqual([
      "flow.tasks[0].parameters.action: service 'dynamodb' has no action 'getItems' (its SDK client has no GetItemsCommand)",
    ]);
    expect(submissionProblems({ service: 'dynamodb', action: 'GetItem' })).toEqual([
      "flow.tasks[0].parameters.action: action must be the API action's name in camel case, as Step Functions writes it (getItem)",
    ]);
  });

  it('refuses the optimized integration for a call that has none', () => {
    expect(submissionProblems({ service: 'dynamodb', action: 'query', integration: 'optimized' })).toEqual([
      "flow.tasks[0].parameters.integration: dynamodb:query has no optimized integration; use 'aws-sdk'",
    ]);
  });

  it("checks the stage's grants: the IAM action, then each resource, saying which parameter to set", () => {
    expect(submissionProblems(getOrder, `dynamodb:GetItem=${ORDERS}`)).toEqual([]);
    expect(submissionProblems(getOrder, `dynamodb:Get*=arn:aws:dynamodb:*:*:table/ord*`)).toEqual([]);
    expect(submissionProblems(getOrder, `dynamodb:PutItem=${ORDERS}`)).toEqual([
      'flow.tasks[0].parameters.parameters: dynamodb:GetItem is not allowed on this stage: set stage parameter awsIntegrations to allow it',
    ]);
    expect(
      submissionProblems({ ...getOrder, parameters: { TableName: 'payments' } }, `dynamodb:GetItem=${ORDERS}`),
    ).toEqual([
      'flow.tasks[0].parameters.parameters: dynamodb:GetItem is not allowed on arn:<partition>:dynamodb:us-east-1:<account>:table/payments on this stage: set stage parameter awsIntegrations to allow it',
    ]);
    expect(submissionProblems({ service: 'dynamodb', action: 'listTables' }, `dynamodb:ListTables=${ORDERS}`)).toEqual([
      "flow.tasks[0].parameters.parameters: dynamodb:ListTables names no resource this stage can check (only a grant on '*' allows it): set stage parameter awsIntegrations",
    ]);
    expect(submissionProblems({ service: 'dynamodb', action: 'listTables' }, 'dynamodb:ListTables=*')).toEqual([]);
    expect(submissionProblems(getOrder, '')).toHaveLength(1);
  });

  it('leaves the grants to the API where no deployment is known', () => {
    expect(withGrants(undefined, () => allowedIntegrations())).toBeUndefined();
    expect(submissionProblems({ ...getOrder, parameters: { TableName: 'anything' } }, undefined)).toEqual([]);
  });
});

describe('the stage parameter awsIntegrations', () => {
  const list = `dynamodb:GetItem=${ORDERS}, dynamodb:GetItem=arn:aws:dynamodb:us-east-1:123456789012:table/returns
    sns:Publish=${TOPIC},sns:Publish=${TOPIC}`;

  it('is read by the code and turned into the step role statements entry by entry, nothing more', () => {
    expect(parseIntegrationGrants(list)).toEqual([
      { action: 'dynamodb:GetItem', resource: ORDERS },
      { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/returns' },
      { action: 'sns:Publish', resource: TOPIC },
      { action: 'sns:Publish', resource: TOPIC },
    ]);
    expect(integrationStatements(list)).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem'],
        Resource: [ORDERS, 'arn:aws:dynamodb:us-east-1:123456789012:table/returns'],
      },
      { Effect: 'Allow', Action: ['sns:Publish'], Resource: [TOPIC] },
    ]);
    expect(integrationStatements('')).toEqual([]);
    expect(integrationStatements('*=*')).toEqual([{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }]);
  });

  it('refuses at packaging an entry that names no resource: no wildcard is ever implied', () => {
    expect(() => integrationStatements('dynamodb:GetItem')).toThrow(
      "awsIntegrations: 'dynamodb:GetItem' is not <iam action>=<resource ARN>",
    );
  });

  it('matches resources as IAM does, each call resource by its ARN', () => {
    const grants = parseIntegrationGrants(
      `sqs:SendMessage=arn:aws:sqs:us-east-1:123456789012:orders events:PutEvents=arn:aws:events:*:*:event-bus/default`,
    );
    const queue = callResources('sqs', 'sendMessage', {
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders',
    });
    expect(integrationRefusal(grants, 'sqs', 'sendMessage', queue)).toBeUndefined();
    const other = callResources('sqs', 'sendMessage', {
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/refunds',
    });
    expect(integrationRefusal(grants, 'sqs', 'sendMessage', other)).toContain(
      'arn:<partition>:sqs:us-east-1:123456789012:refunds',
    );
    const events = (bus?: string) =>
      callResources(
        'eventbridge',
        'putEvents',
        { Entries: [{ Source: 's', ...(bus && { EventBusName: bus }) }] },
        'eu-west-1',
      );
    expect(integrationRefusal(grants, 'eventbridge', 'putEvents', events())).toBeUndefined();
    expect(integrationRefusal(grants, 'eventbridge', 'putEvents', events('audit'))).toContain('event-bus/audit');
    expect(callResources('dynamodb', 'query', { TableName: 'orders', IndexName: 'by_day' }, 'us-east-1')).toEqual([
      { service: 'dynamodb', region: 'us-east-1', resource: 'table/orders/index/by_day' },
    ]);
  });
});

describe('S3, Lambda and SSM calls against the stage grants', () => {
  it('checks the IAM action a call needs, which for some S3 and Lambda calls is not the API action', () => {
    expect(iamAction('s3', 'listObjectsV2')).toBe('s3:ListBucket');
    expect(iamAction('s3', 'getObject')).toBe('s3:GetObject');
    expect(iamAction('lambda', 'invoke')).toBe('lambda:InvokeFunction');
    expect(iamAction('ssm', 'getParameter')).toBe('ssm:GetParameter');
    const grants = parseIntegrationGrants('s3:ListBucket=arn:aws:s3:::site s3:GetObject=arn:aws:s3:::site/builds/*');
    const list = callResources('s3', 'listObjectsV2', { Bucket: 'site', Prefix: 'builds/' });
    expect(integrationRefusal(grants, 's3', 'listObjectsV2', list)).toBeUndefined();
    const object = (key: string) => callResources('s3', 'getObject', { Bucket: 'site', Key: key });
    expect(integrationRefusal(grants, 's3', 'getObject', object('builds/1.zip'))).toBeUndefined();
    expect(integrationRefusal(grants, 's3', 'getObject', object('secrets/key'))).toContain(
      'arn:<partition>:s3:::site/secrets/key',
    );
    expect(integrationRefusal(grants, 's3', 'putObject', object('builds/2.zip'))).toContain(
      's3:PutObject is not allowed',
    );
  });

  it('reads the function and the parameter a Lambda or SSM call touches', () => {
    expect(callResources('lambda', 'invoke', { FunctionName: 'greet' }, 'eu-west-1')).toEqual([
      { service: 'lambda', region: 'eu-west-1', resource: 'function:greet' },
    ]);
    expect(
      callResources('lambda', 'invoke', { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:greet' }),
    ).toEqual([
      { partition: 'aws', service: 'lambda', region: 'us-east-1', account: '123456789012', resource: 'function:greet' },
    ]);
    expect(callResources('ssm', 'getParameter', { Name: '/app/key' }, 'us-east-1')).toEqual([
      { service: 'ssm', region: 'us-east-1', resource: 'parameter/app/key' },
    ]);
    expect(
      sdkErrorName(
        new NoSuchKey({ message: 'no such key', $metadata: { httpStatusCode: 404 } }),
        's3',
        'aws-sdk',
        serviceModule('s3'),
      ),
    ).toBe('S3.NoSuchKeyException');
  });
});

describe('a Lambda call through aws-sdk', () => {
  it('sends a Payload written as JSON as its JSON text, and hands the answered Payload on as text', () => {
    expect(sdkInput('lambda', 'invoke', { FunctionName: 'f', Payload: { a: 1 } })).toEqual({
      FunctionName: 'f',
      Payload: '{"a":1}',
    });
    expect(sdkInput('lambda', 'invoke', { Payload: '{"a":1}' })).toEqual({ Payload: '{"a":1}' });
    expect(sdkInput('s3', 'putObject', { Body: { a: 1 } })).toEqual({ Body: { a: 1 } });
    const answered = { StatusCode: 200, Payload: new TextEncoder().encode('{"ok":true}') };
    expect(sdkOutput('lambda', 'invoke', answered)).toEqual({ StatusCode: 200, Payload: '{"ok":true}' });
  });
});

describe('aws_sdk errors, named as Step Functions names them', () => {
  const meta = { $metadata: { httpStatusCode: 400, requestId: 'r-1' } };

  it('names a declared exception <Service>.<Exception>, with the optimized prefix for optimized calls', () => {
    const failed = new ConditionalCheckFailedException({ message: 'The conditional request failed', ...meta });
    const dynamodb = serviceModule('dynamodb');
    expect(sdkErrorName(failed, 'dynamodb', 'aws-sdk', dynamodb)).toBe('DynamoDb.ConditionalCheckFailedException');
    expect(sdkErrorName(failed, 'dynamodb', 'optimized', dynamodb)).toBe('DynamoDB.ConditionalCheckFailedException');
    const queue = new QueueDoesNotExist({ message: 'no queue', ...meta });
    expect(sdkErrorName(queue, 'sqs', 'aws-sdk', serviceModule('sqs'))).toBe('Sqs.QueueDoesNotExistException');
    expect(sdkErrorName(queue, 'sqs', 'optimized', serviceModule('sqs'))).toBe('SQS.QueueDoesNotExistException');
    const topic = new NotFoundException({ message: 'no topic', ...meta });
    expect(sdkErrorName(topic, 'sns', 'aws-sdk', serviceModule('sns'))).toBe('Sns.NotFoundException');
    expect(sdkErrorName(topic, 'sns', 'optimized', serviceModule('sns'))).toBe('SNS.NotFoundException');
  });

  it("names an answer the service does not declare by the service's own exception, and no answer SdkClientException", () => {
    const denied = new DynamoDBServiceException({ name: 'AccessDeniedException', $fault: 'client', ...meta });
    const dynamodb = serviceModule('dynamodb');
    expect(sdkErrorName(denied, 'dynamodb', 'aws-sdk', dynamodb)).toBe('DynamoDb.DynamoDbException');
    expect(sdkErrorName(denied, 'dynamodb', 'optimized', dynamodb)).toBe('DynamoDB.AmazonDynamoDBException');
    expect(sdkErrorName(new Error('connect ECONNREFUSED'), 'dynamodb', 'aws-sdk', dynamodb)).toBe(
      'DynamoDb.SdkClientException',
    );
  });

  it("says the service, status and request in the cause, as each integration's causes do", () => {
    const failed = new ConditionalCheckFailedException({ message: 'The conditional request failed', ...meta });
    expect(sdkErrorCause(failed, 'dynamodb', 'aws-sdk')).toBe(
      'The conditional request failed (Service: DynamoDb, Status Code: 400, Request ID: r-1)',
    );
    expect(sdkErrorCause(failed, 'dynamodb', 'optimized')).toBe(
      'The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: r-1; Proxy: null)',
    );
    expect(sdkErrorCause(new Error('connect ECONNREFUSED'), 'sns', 'optimized')).toBe('connect ECONNREFUSED');
  });

  it('spells exception names as the AWS SDK for Java does', () => {
    expect(javaExceptionName('ConditionalCheckFailedException')).toBe('ConditionalCheckFailedException');
    expect(javaExceptionName('QueueDoesNotExist')).toBe('QueueDoesNotExistException');
    expect(javaExceptionName('KMSAccessDeniedException')).toBe('KmsAccessDeniedException');
    expect(javaExceptionName('DBInstanceNotFoundFault')).toBe('DbInstanceNotFoundException');
  });
});

describe('aws_sdk results and inputs', () => {
  const out = {
    $metadata: { httpStatusCode: 200, requestId: 'r-2' },
    Item: { id: { S: '1' }, blob: { B: Uint8Array.from([104, 105]) } },
  };

  it('hands on the response without $metadata, binary values as base64', () => {
    expect(sdkResult(out, 'dynamodb', 'aws-sdk', {})).toEqual({ Item: { id: { S: '1' }, blob: { B: 'aGk=' } } });
  });

  it("adds the HTTP metadata to optimized DynamoDB, SNS and SQS results, not to EventBridge's", () => {
    expect(sdkResult(out, 'dynamodb', 'optimized', { 'x-amzn-requestid': 'r-2' })).toEqual({
      Item: { id: { S: '1' }, blob: { B: 'aGk=' } },
      SdkHttpMetadata: {
        AllHttpHeaders: { 'x-amzn-requestid': ['r-2'] },
        HttpHeaders: { 'x-amzn-requestid': 'r-2' },
        HttpStatusCode: 200,
      },
      SdkResponseMetadata: { RequestId: 'r-2' },
    });
    const put = { $metadata: { httpStatusCode: 200 }, Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 };
    expect(sdkResult(put, 'eventbridge', 'optimized', {})).toEqual({
      Entries: [{ EventId: 'e-1' }],
      FailedEntryCount: 0,
    });
  });

  it('sends an optimized message, body or event detail given as JSON as its JSON text', () => {
    expect(optimizedInput('sns', { TopicArn: TOPIC, Message: { order: 7 } })).toEqual({
      TopicArn: TOPIC,
      Message: '{"order":7}',
    });
    expect(optimizedInput('sqs', { MessageBody: 'as is' })).toEqual({ MessageBody: 'as is' });
    expect(optimizedInput('eventbridge', { Entries: [{ Detail: { a: 1 } }, { Detail: '{}' }] })).toEqual({
      Entries: [{ Detail: '{"a":1}' }, { Detail: '{}' }],
    });
  });
});

describe('loading the clients', () => {
  it('loads no client package until a flow names its service, and refuses a service whose package is missing', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      jest.doMock('@aws-sdk/client-sns', () => {
        loaded.push('@aws-sdk/client-sns');
        throw new Error("Cannot find module '@aws-sdk/client-sns'");
      });
      jest.doMock('@aws-sdk/client-sqs', () => {
        loaded.push('@aws-sdk/client-sqs');
        return jest.requireActual('@aws-sdk/client-sqs');
      });
      /* eslint-disable @typescript-eslint/no-require-imports -- a fresh module registry, after the mocks */
      const isolated =
        require('../../src/flow-requests/flow-validation') as typeof import('../../src/flow-requests/flow-validation');
      const { defaultRegistry: registryOf } =
        require('../../src/tasks/default-registry') as typeof import('../../src/tasks/default-registry');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const registry = registryOf();
      const flow = (service: string, action: string) => ({
        flow: {
          id: 'calls',
          name: 'calls',
          start_task: 'call',
          tasks: [{ name: 'call', task_type: 'aws_sdk', parameters: { service, action } }],
          conditions: [],
        },
      });
      isolated.parseFlowRequest(
        { flow: { ...flow('sqs', 'listQueues').flow, tasks: [{ name: 'call', task_type: 'noop' }] } },
        registry,
      );
      expect(loaded).toEqual([]);
      isolated.parseFlowRequest(flow('sqs', 'listQueues'), registry);
      expect(loaded).toEqual(['@aws-sdk/client-sqs']);
      expect(() => isolated.parseFlowRequest(flow('sns', 'publish'), registry)).toThrow(
        expect.objectContaining({
          details: [
            {
              path: 'flow.tasks[0].parameters.service',
              message:
                "service 'sns' needs @aws-sdk/client-sns, which is not installed; services with an installed client: dynamodb, eventbridge, lambda, s3, sns, sqs, ssm",
            },
          ],
        }),
      );
    });
  });
});
