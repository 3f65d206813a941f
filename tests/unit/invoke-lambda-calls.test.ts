import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { invokeErrorName } from '../../src/tasks/lambda-invoke-result';
import invokeLambda from '../../src/tasks/types/invoke_lambda';

/**
 * invoke_lambda against an in-process stand-in for Lambda's Invoke API (the real SDK client, real
 * HTTP): what it sends, the envelope it builds from the answer, the names its failures get.
 */
interface Seen {
  path: string;
  query: string;
  invocationType: string | undefined;
  body: string;
}
const seen: Seen[] = [];

function answer(req: IncomingMessage, body: string, res: import('node:http').ServerResponse) {
  const [path, query = ''] = (req.url ?? '').split('?');
  const name = decodeURIComponent(path!.split('/')[3] ?? '');
  seen.push({ path: path!, query, invocationType: req.headers['x-amz-invocation-type'] as string, body });
  const json = (status: number, headers: Record<string, string>, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': 'req-1', ...headers });
    res.end(value === undefined ? '' : JSON.stringify(value));
  };
  if (name === 'missing') {
    json(404, { 'x-amzn-errortype': 'ResourceNotFoundException' }, { Type: 'User', Message: 'Function not found' });
    return;
  }
  if (name === 'denied') {
    json(403, { 'x-amzn-errortype': 'AccessDeniedException' }, { Message: 'not authorized' });
    return;
  }
  if (name === 'throttled') {
    json(429, { 'x-amzn-errortype': 'TooManyRequestsException' }, { Type: 'User', message: 'Rate exceeded' });
    return;
  }
  if (name === 'failing') {
    json(200, { 'x-amz-function-error': 'Unhandled' }, { errorType: 'CardDeclined', errorMessage: 'no funds' });
    return;
  }
  if (req.headers['x-amz-invocation-type'] === 'Event') {
    json(202, {}, undefined);
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/json',
    'x-amzn-requestid': 'req-1',
    'x-amz-executed-version': '7',
  });
  res.end(body);
}

let server: Server;
let endpoint: string;
const before = { endpoint: process.env.LAMBDA_ENDPOINT, list: process.env.INVOKE_LAMBDA_FUNCTIONS };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.LAMBDA_ENDPOINT = endpoint;
  delete process.env.INVOKE_LAMBDA_FUNCTIONS;
});
afterAll(async () => {
  if (before.endpoint === undefined) delete process.env.LAMBDA_ENDPOINT;
  else process.env.LAMBDA_ENDPOINT = before.endpoint;
  if (before.list !== undefined) process.env.INVOKE_LAMBDA_FUNCTIONS = before.list;
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => (seen.length = 0));

const run = (parameters: Record<string, unknown>) =>
  invokeLambda.run({
    parameters: invokeLambda.parameters.parse(parameters),
    signal: new AbortController().signal,
  } as Parameters<typeof invokeLambda.run>[0]);

describe('invoke_lambda calls', () => {
  it("hands on the function's result by default, and calls an ARN's function by its name on the local endpoint", async () => {
    const result = await run({
      function_name: 'arn:aws:lambda:us-east-1:123456789012:function:echo:live',
      payload: { order: 7 },
    });
    expect(result).toMatchObject({ status: 'success', output: { order: 7 } });
    expect(seen).toEqual([
      {
        path: '/2015-03-31/functions/echo/invocations',
        query: '',
        invocationType: 'RequestResponse',
        body: '{"order":7}',
      },
    ]);
  });

  it('sends a separate qualifier as Lambda takes it', async () => {
    await run({ function_name: 'echo', qualifier: 'live' });
    expect(seen[0]).toMatchObject({ path: '/2015-03-31/functions/echo/invocations', query: 'Qualifier=live' });
  });

  it('gives the Step Functions envelope with result: envelope', async () => {
    const result = await run({ function_name: 'echo', payload: { a: 1 }, result: 'envelope' });
    expect(result.status).toBe('success');
    const envelope = (result as { output: Record<string, any> }).output;
    expect(envelope).toMatchObject({
      ExecutedVersion: '7',
      Payload: { a: 1 },
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: 'req-1' },
      StatusCode: 200,
    });
    expect(envelope.SdkHttpMetadata.HttpHeaders).toMatchObject({
      'x-amzn-requestid': 'req-1',
      'x-amz-executed-version': '7',
    });
    expect(envelope.SdkHttpMetadata.AllHttpHeaders['x-amzn-requestid']).toEqual(['req-1']);
  });

  it('queues an Event invoke: status 202 and no payload', async () => {
    const envelope = await run({ function_name: 'echo', invocation_type: 'Event', result: 'envelope' });
    expect(seen[0]!.invocationType).toBe('Event');
    expect(envelope).toMatchObject({ status: 'success', output: { Payload: '', StatusCode: 202 } });
    expect(await run({ function_name: 'echo', invocation_type: 'Event' })).toMatchObject({
      status: 'success',
      output: null,
    });
  });

  it("fails with the function's errorType on a function error", async () => {
    expect(await run({ function_name: 'failing', result: 'envelope' })).toMatchObject({
      status: 'failure',
      error_code: 'CardDeclined',
      error: 'no funds',
    });
  });

  it("names failed calls as Step Functions does: Lambda's declared exceptions, other answers, no answer", async () => {
    expect(await run({ function_name: 'missing' })).toMatchObject({
      status: 'failure',
      error_code: 'Lambda.ResourceNotFoundException',
    });
    expect(await run({ function_name: 'denied' })).toMatchObject({
      status: 'failure',
      error_code: 'Lambda.AWSLambdaException',
    });
    // One attempt: the task's own client would retry a throttled call before giving up.
    const once = new LambdaClient({
      region: 'us-east-1',
      endpoint,
      maxAttempts: 1,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const error = await once.send(new InvokeCommand({ FunctionName: 'throttled' })).catch((e: unknown) => e);
    expect(invokeErrorName(error)).toBe('Lambda.TooManyRequestsException');
    const nowhere = new LambdaClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const unreachable = await nowhere.send(new InvokeCommand({ FunctionName: 'echo' })).catch((e: unknown) => e);
    expect(invokeErrorName(unreachable)).toBe('Lambda.SdkClientException');
  });
});
