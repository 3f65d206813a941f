import { awsClientOptions } from '../config/aws-client-options';

/**
 * The AWS services the `aws_sdk` task type can call (docs/integrations.md), each through its AWS
 * SDK v3 client package, which is a dependency of this project. A client package is loaded on the
 * first call or check that names its service, never at cold start: a flow that calls no service
 * pays nothing for them (docs/decisions/0028-aws-service-integrations.md).
 */

/** What a client package exports that we use: command classes by name, and the client class. */
export type ClientModule = Record<string, unknown>;

interface Service {
  /** The npm package of its SDK v3 client. */
  package: string;
  /** Loads the package; a literal module name per service, so the bundler sees and bundles it. */
  load: () => ClientModule;
  /** Its client class among the package's exports. */
  client: string;
  /** The service's name in IAM actions (`events:PutEvents`). */
  iam: string;
  /**
   * The service's name in an aws-sdk integration's error names, as Step Functions spells it (the
   * AWS SDK for Java's name of the service): `DynamoDb.ConditionalCheckFailedException`.
   */
  errorPrefix: string;
  /** The environment variable naming a local endpoint for it (DynamoDB Local), if any. */
  endpointVariable?: string;
  /**
   * IAM actions whose name is not the API action's (`listObjectsV2` needs `s3:ListBucket`): what
   * the stage's grants are checked against, by API action.
   */
  iamActions?: Readonly<Record<string, string>>;
}

/* eslint-disable @typescript-eslint/no-require-imports -- a lazy require: loaded when first used (see above), synchronously so that submission can check an action exists */
export const AWS_SERVICES: Readonly<Record<string, Service>> = Object.freeze({
  dynamodb: {
    package: '@aws-sdk/client-dynamodb',
    load: () => require('@aws-sdk/client-dynamodb') as ClientModule,
    client: 'DynamoDBClient',
    iam: 'dynamodb',
    errorPrefix: 'DynamoDb',
    endpointVariable: 'DYNAMODB_ENDPOINT',
  },
  lambda: {
    package: '@aws-sdk/client-lambda',
    load: () => require('@aws-sdk/client-lambda') as ClientModule,
    client: 'LambdaClient',
    iam: 'lambda',
    errorPrefix: 'Lambda',
    // serverless offline's functions, on the local stack.
    endpointVariable: 'LAMBDA_ENDPOINT',
    iamActions: { invoke: 'InvokeFunction', invokeAsync: 'InvokeAsync' },
  },
  eventbridge: {
    package: '@aws-sdk/client-eventbridge',
    load: () => require('@aws-sdk/client-eventbridge') as ClientModule,
    client: 'EventBridgeClient',
    iam: 'events',
    errorPrefix: 'EventBridge',
  },
  s3: {
    package: '@aws-sdk/client-s3',
    load: () => require('@aws-sdk/client-s3') as ClientModule,
    client: 'S3Client',
    iam: 's3',
    errorPrefix: 'S3',
    iamActions: {
      listObjectsV2: 'ListBucket',
      listObjects: 'ListBucket',
      headObject: 'GetObject',
      headBucket: 'ListBucket',
      listObjectVersions: 'ListBucketVersions',
      deleteObjects: 'DeleteObject',
      copyObject: 'PutObject',
      uploadPart: 'PutObject',
      createMultipartUpload: 'PutObject',
      completeMultipartUpload: 'PutObject',
    },
  },
  sns: {
    package: '@aws-sdk/client-sns',
    load: () => require('@aws-sdk/client-sns') as ClientModule,
    client: 'SNSClient',
    iam: 'sns',
    errorPrefix: 'Sns',
  },
  sqs: {
    package: '@aws-sdk/client-sqs',
    load: () => require('@aws-sdk/client-sqs') as ClientModule,
    client: 'SQSClient',
    iam: 'sqs',
    errorPrefix: 'Sqs',
  },
  ssm: {
    package: '@aws-sdk/client-ssm',
    load: () => require('@aws-sdk/client-ssm') as ClientModule,
    client: 'SSMClient',
    iam: 'ssm',
    errorPrefix: 'Ssm',
  },
});
/* eslint-enable @typescript-eslint/no-require-imports */

export const SERVICE_NAMES = Object.keys(AWS_SERVICES).sort();

export const serviceOf = (name: string): Service | undefined =>
  Object.hasOwn(AWS_SERVICES, name) ? AWS_SERVICES[name] : undefined;

/** `getItem` → `GetItem`: an action as the SDK's command and IAM name it. */
export const pascalAction = (action: string): string => action.charAt(0).toUpperCase() + action.slice(1);

/** The IAM action a call needs: `dynamodb:GetItem`, `s3:ListBucket` for `listObjectsV2`. */
export function iamAction(service: string, action: string): string {
  const known = serviceOf(service);
  const named = known?.iamActions && Object.hasOwn(known.iamActions, action) ? known.iamActions[action] : undefined;
  return `${known?.iam ?? service}:${named ?? pascalAction(action)}`;
}

const modules = new Map<string, ClientModule>();

/** The service's client package, loaded once; throws when the package is not installed. */
export function serviceModule(name: string): ClientModule {
  const service = serviceOf(name);
  if (!service) throw new Error(`no AWS SDK client is known for service '${name}'`);
  let loaded = modules.get(name);
  if (!loaded) {
    loaded = service.load();
    modules.set(name, loaded);
  }
  return loaded;
}

/**
 * Why a service cannot be called here, or undefined when it can: unknown to this table, or its
 * client package missing from node_modules.
 */
export function serviceProblem(name: string): string | undefined {
  const service = serviceOf(name);
  const known = `services with an installed client: ${SERVICE_NAMES.join(', ')}`;
  if (!service) return `service '${name}' has no AWS SDK client installed here (@aws-sdk/client-${name}); ${known}`;
  try {
    serviceModule(name);
    return undefined;
  } catch {
    return `service '${name}' needs ${service.package}, which is not installed; ${known}`;
  }
}

export type CommandClass = new (input: unknown) => object;

/** The SDK's command for an action (`getItem` → GetItemCommand), when the service has it. */
export function commandOf(service: string, action: string): CommandClass | undefined {
  const command = serviceModule(service)[`${pascalAction(action)}Command`];
  return typeof command === 'function' ? (command as CommandClass) : undefined;
}

interface SendingClient {
  send(command: object, options: { abortSignal: AbortSignal }): Promise<Record<string, unknown>>;
}

const clients = new Map<string, SendingClient>();

/** One client per service per cold start; DynamoDB on DynamoDB Local when the local stack names it. */
export function clientFor(name: string): SendingClient {
  let client = clients.get(name);
  if (!client) {
    const service = serviceOf(name)!;
    const Client = serviceModule(name)[service.client] as new (options: object) => SendingClient;
    const endpoint = service.endpointVariable ? process.env[service.endpointVariable] : undefined;
    client = new Client(
      awsClientOptions({ region: process.env.AWS_REGION ?? 'us-east-1', endpoint: endpoint || undefined }),
    );
    clients.set(name, client);
  }
  return client;
}
