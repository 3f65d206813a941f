import { parseArn, type ResourceRef } from './aws-allow-list';

type Parameters = Record<string, unknown>;

/**
 * The resources an SDK call touches, read from its (Step Functions-cased) parameters, as IAM names
 * them: a DynamoDB table (or its index), an SNS topic, an SQS queue, an EventBridge bus, an S3
 * bucket or object, a Lambda function, an SSM parameter. `unknown`
 * when the parameters name none this code can read (a batch over several tables, a phone number):
 * only a grant on `*` allows such a call.
 */
export function callResources(
  service: string,
  action: string,
  parameters: Parameters,
  region = process.env.AWS_REGION,
): ResourceRef[] | 'unknown' {
  const text = (key: string) => (typeof parameters[key] === 'string' ? parameters[key] : undefined);
  switch (service) {
    case 'dynamodb': {
      const table = text('TableName');
      if (table === undefined) return 'unknown';
      const arn = table.startsWith('arn:') ? parseArn(table) : undefined;
      const index = text('IndexName');
      const ref = arn ?? { service: 'dynamodb', region, resource: `table/${table}` };
      return [index === undefined ? ref : { ...ref, resource: `${ref.resource}/index/${index}` }];
    }
    case 'sns': {
      const topic = text('TopicArn') ?? text('TargetArn');
      const ref = topic === undefined ? undefined : parseArn(topic);
      return ref ? [ref] : 'unknown';
    }
    case 'sqs': {
      const queue = text('QueueUrl');
      const ref = queue === undefined ? undefined : queueRef(queue);
      return ref ? [ref] : 'unknown';
    }
    case 'eventbridge': {
      if (action === 'putEvents') {
        const entries = Array.isArray(parameters.Entries) ? (parameters.Entries as unknown[]) : [];
        if (entries.length === 0) return 'unknown';
        return entries.map((entry) => {
          const bus = (entry as Parameters | null)?.EventBusName;
          return busRef(typeof bus === 'string' ? bus : 'default', region);
        });
      }
      const bus = text('EventBusName');
      return bus === undefined ? 'unknown' : [busRef(bus, region)];
    }
    case 's3': {
      const bucket = text('Bucket');
      if (bucket === undefined) return 'unknown';
      const key = text('Key');
      // S3's ARNs name neither region nor account.
      return [{ service: 's3', region: '', account: '', resource: key === undefined ? bucket : `${bucket}/${key}` }];
    }
    case 'lambda': {
      const name = text('FunctionName');
      if (name === undefined) return 'unknown';
      const arn = name.startsWith('arn:') ? parseArn(name) : undefined;
      return [arn ?? { service: 'lambda', region, resource: `function:${name}` }];
    }
    case 'ssm': {
      const name = text('Name');
      if (name === undefined) return 'unknown';
      const arn = name.startsWith('arn:') ? parseArn(name) : undefined;
      return [arn ?? { service: 'ssm', region, resource: `parameter/${name.replace(/^\//, '')}` }];
    }
    default:
      return 'unknown';
  }
}

/** `https://sqs.us-east-1.amazonaws.com/123456789012/orders` → the queue's ARN. */
function queueRef(url: string): ResourceRef | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const [account, name] = parsed.pathname.split('/').filter(Boolean);
  if (!account || !name) return undefined;
  const region = /^(?:sqs\.)?([a-z]{2}(?:-[a-z]+)+-\d)\./.exec(parsed.hostname)?.[1];
  return { service: 'sqs', region, account, resource: name };
}

function busRef(bus: string, region: string | undefined): ResourceRef {
  return (bus.startsWith('arn:') && parseArn(bus)) || { service: 'events', region, resource: `event-bus/${bus}` };
}
