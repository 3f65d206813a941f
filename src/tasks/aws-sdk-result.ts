import { type ClientModule, serviceOf } from './aws-services';

/**
 * What an `aws_sdk` call comes to, in Step Functions' terms: the error names retriers and
 * catchers match, and the result a state receives, for the generic `aws-sdk:<service>:<action>`
 * integration and for the optimized ones (`dynamodb:getItem`, `sns:publish`, …).
 */

export type Integration = 'aws-sdk' | 'optimized';

interface Optimized {
  /** Our service (the aws-sdk name): Step Functions' optimized `events` is `eventbridge`. */
  service: string;
  actions: readonly string[];
  /** Their error names' prefix, which differs from the aws-sdk one (`DynamoDB.` against `DynamoDb.`). */
  errorPrefix: string;
  /** The name of an error the service answers but does not declare. */
  undeclared: string;
  /** Whether the result carries the HTTP answer's metadata (SdkHttpMetadata, SdkResponseMetadata). */
  httpMetadata: boolean;
  /** The service as its error causes name it (`Service: AmazonDynamoDBv2; …`). */
  causeService: string;
}

/** The optimized integrations, by the service name their Resource uses (`arn:aws:states:::sns:publish`). */
export const OPTIMIZED: Readonly<Record<string, Optimized>> = Object.freeze({
  dynamodb: {
    service: 'dynamodb',
    actions: ['getItem', 'putItem', 'updateItem', 'deleteItem'],
    errorPrefix: 'DynamoDB',
    undeclared: 'AmazonDynamoDBException',
    httpMetadata: true,
    causeService: 'AmazonDynamoDBv2',
  },
  sns: {
    service: 'sns',
    actions: ['publish'],
    errorPrefix: 'SNS',
    undeclared: 'AmazonSNSException',
    httpMetadata: true,
    causeService: 'AmazonSNS',
  },
  sqs: {
    service: 'sqs',
    actions: ['sendMessage'],
    errorPrefix: 'SQS',
    undeclared: 'AmazonSQSException',
    httpMetadata: true,
    causeService: 'AmazonSQS',
  },
  events: {
    service: 'eventbridge',
    actions: ['putEvents'],
    errorPrefix: 'EventBridge',
    undeclared: 'AmazonEventBridgeException',
    httpMetadata: false,
    causeService: 'AmazonEventBridge',
  },
});

/** The optimized integration of a call, if it is one. */
export const optimizedFor = (service: string, action: string): Optimized | undefined =>
  Object.values(OPTIMIZED).find((o) => o.service === service && o.actions.includes(action));

/**
 * An error shape's name as the AWS SDK for Java names its exception class, which is what Step
 * Functions reports: acronyms cased as words (`KMSAccessDenied` → `KmsAccessDenied`), `Fault` read
 * as `Exception`, and `Exception` added where the shape lacks it (`QueueDoesNotExist`).
 */
export function javaExceptionName(shape: string): string {
  const cased = shape.replace(
    /([A-Z])([A-Z]+)(?=[A-Z][a-z]|\d|$)/g,
    (_, first: string, rest: string) => first + rest.toLowerCase(),
  );
  const base = cased.replace(/Fault$/, '');
  return base.endsWith('Exception') ? base : `${base}Exception`;
}

interface ServiceError extends Error {
  $fault?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/**
 * The name a failed call is caught by. aws-sdk: `<Service>.<Exception>` for an error the service
 * declares (`DynamoDb.ConditionalCheckFailedException`), `<Service>.<Service>Exception` for one it
 * answers without declaring (an access denied), `<Service>.SdkClientException` when no answer came.
 * Optimized integrations name theirs with their own prefix (`DynamoDB.…`, `SNS.…`).
 */
export function sdkErrorName(error: unknown, service: string, integration: Integration, module: ClientModule): string {
  const known = serviceOf(service)!;
  const optimized =
    integration === 'optimized' ? Object.values(OPTIMIZED).find((o) => o.service === service) : undefined;
  const prefix = optimized?.errorPrefix ?? known.errorPrefix;
  const answered = error instanceof Error && (error as ServiceError).$fault !== undefined;
  if (!answered) return `${prefix}.SdkClientException`;
  const base = module[known.client.replace(/Client$/, 'ServiceException')];
  const declared =
    typeof base === 'function' && Object.getPrototypeOf(error) !== (base as { prototype: object }).prototype;
  if (!declared) return `${prefix}.${optimized ? optimized.undeclared : `${prefix}Exception`}`;
  return `${prefix}.${javaExceptionName(error.name)}`;
}

/**
 * The error's text with what Step Functions' cause adds: `(Service: DynamoDb, Status Code: 400,
 * Request ID: …)` through aws-sdk, `(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: …;
 * Request ID: …; Proxy: null)` through an optimized integration.
 */
export function sdkErrorCause(error: unknown, service: string, integration: Integration = 'aws-sdk'): string {
  const message = error instanceof Error ? error.message : String(error);
  const meta = (error as ServiceError | null)?.$metadata;
  if (!meta) return message;
  const optimized =
    integration === 'optimized' ? Object.values(OPTIMIZED).find((o) => o.service === service) : undefined;
  if (optimized)
    return `${message} (Service: ${optimized.causeService}; Status Code: ${meta.httpStatusCode ?? ''}; Error Code: ${(error as Error).name}; Request ID: ${meta.requestId ?? ''}; Proxy: null)`;
  const details = [
    `Service: ${serviceOf(service)?.errorPrefix ?? service}`,
    `Status Code: ${meta.httpStatusCode ?? ''}`,
  ];
  if (meta.requestId) details.push(`Request ID: ${meta.requestId}`);
  return `${message} (${details.join(', ')})`;
}

export type ResponseHeaders = Record<string, string>;

/** Calls whose `Payload` is JSON text both ways, as Step Functions' aws-sdk integration has it. */
const TEXT_PAYLOADS: ReadonlySet<string> = new Set(['lambda:invoke', 'lambda:invokeAsync']);

/**
 * A call's input as the SDK takes it: a Lambda call's `Payload` written as JSON (`"Payload.$": "$"`)
 * is sent as its JSON text, as Step Functions sends it.
 */
export function sdkInput(
  service: string,
  action: string,
  parameters: Record<string, unknown>,
): Record<string, unknown> {
  const payload = parameters.Payload;
  if (!TEXT_PAYLOADS.has(`${service}:${action}`) || payload === undefined || typeof payload === 'string')
    return parameters;
  return { ...parameters, Payload: JSON.stringify(payload) };
}

/** A Lambda call's answered `Payload` as the text it is (Step Functions' aws-sdk integration does not parse it). */
export function sdkOutput(service: string, action: string, out: Record<string, unknown>): Record<string, unknown> {
  if (!TEXT_PAYLOADS.has(`${service}:${action}`) || !(out.Payload instanceof Uint8Array)) return out;
  return { ...out, Payload: Buffer.from(out.Payload).toString('utf8') };
}

/**
 * The result a state receives: the SDK's response without `$metadata`, binary values as base64
 * text (as Step Functions gives them in JSON); an optimized DynamoDB, SNS or SQS call adds the HTTP
 * answer's metadata as Step Functions' optimized integrations do.
 */
export function sdkResult(
  out: Record<string, unknown>,
  service: string,
  integration: Integration,
  headers: ResponseHeaders,
): Record<string, unknown> {
  const { $metadata, ...response } = out as { $metadata?: { httpStatusCode?: number; requestId?: string } };
  const result = jsonSafe(response) as Record<string, unknown>;
  const optimized =
    integration === 'optimized' ? Object.values(OPTIMIZED).find((o) => o.service === service) : undefined;
  if (!optimized?.httpMetadata) return result;
  return {
    ...result,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      HttpHeaders: headers,
      HttpStatusCode: $metadata?.httpStatusCode,
    },
    SdkResponseMetadata: { RequestId: $metadata?.requestId },
  };
}

function jsonSafe(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Set) return [...value].map(jsonSafe);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, inner]) => inner !== undefined)
        .map(([key, inner]) => [key, jsonSafe(inner)]),
    );
  return value;
}
