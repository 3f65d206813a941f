import { api } from '../support/http';
import { sampleFlow } from '../support/flows';

/** The example function as the test stage names it (the sample names it for the local stage). */
const GREET = 'flow-manager-test-greet';
/** The same function by its full ARN, in the stack's region (the account is any: locally it is called by name). */
const ARN_OF_GREET = `arn:aws:lambda:us-east-1:123456789012:function:${GREET}`;
const WAIT = 'wait_seconds=15';

/** The sample flow with the test stage's function name and the given payload and task timeout. */
function greeting(payload: Record<string, unknown>, timeoutSeconds = 10) {
  const body = sampleFlow('invoke-lambda.json') as { flow: { tasks: Array<Record<string, any>> } };
  body.flow.tasks[0] = {
    ...body.flow.tasks[0],
    timeout_seconds: timeoutSeconds,
    parameters: { function_name: GREET, payload },
  };
  return body;
}
const path = (res: { body: { task_results: Array<{ task_name: string; status: string }> } }) =>
  res.body.task_results.map((r) => `${r.task_name}:${r.status}`);

describe('invoke_lambda: a real Lambda function of the stack as a task', () => {
  it("passes the function's JSON result on", async () => {
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: greeting({ name: 'Ada' }) });
    expect(res.body.status).toBe('SUCCEEDED');
    expect(res.body.task_results[0]).toMatchObject({
      task_name: 'greet',
      status: 'success',
      data: { greeting: 'Hello, Ada!' },
    });
    expect(path(res)).toEqual(['greet:success', 'print_greeting:success']);
  });

  it("catches the function's thrown error by its name", async () => {
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: greeting({ name: 'Bob', refuse: true }) });
    expect(res.body.status).toBe('SUCCEEDED');
    expect(res.body.task_results[0]).toMatchObject({
      status: 'failure',
      error_code: 'GreetingRefused',
      error: 'not greeting Bob today',
    });
    expect(path(res)).toEqual(['greet:failure', 'apologise:success']);
  });

  it('fails a call that outlives the task timeout with States.Timeout', async () => {
    const body = greeting({ name: 'Cy', delay_ms: 4000 }, 1);
    body.flow.tasks[0]!.catch = [{ error_equals: ['States.Timeout'], next: 'apologise' }];
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: body });
    expect(res.body.task_results[0]).toMatchObject({ status: 'failure', error_code: 'timeout' });
    expect(path(res)).toEqual(['greet:failure', 'apologise:success']);
  });

  it('calls a function by its ARN and hands on the lambda:invoke envelope when asked', async () => {
    const body = greeting({});
    body.flow.tasks[0]!.parameters = {
      function_name: `${ARN_OF_GREET}:live`,
      payload: { name: 'Di' },
      result: 'envelope',
    };
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: body });
    expect(res.body.status).toBe('SUCCEEDED');
    expect(res.body.task_results[0]).toMatchObject({
      status: 'success',
      data: {
        Payload: { greeting: 'Hello, Di!' },
        StatusCode: 200,
        SdkHttpMetadata: { HttpStatusCode: 200 },
        SdkResponseMetadata: {},
      },
    });
  });

  it("catches a function's error by its errorType when the function is named by its ARN", async () => {
    const body = greeting({});
    body.flow.tasks[0]!.parameters = { function_name: ARN_OF_GREET, payload: { name: 'Ed', refuse: true } };
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: body });
    expect(res.body.task_results[0]).toMatchObject({ status: 'failure', error_code: 'GreetingRefused' });
    expect(path(res)).toEqual(['greet:failure', 'apologise:success']);
  });

  it('queues an Event invoke: 202 and no payload', async () => {
    const body = greeting({});
    body.flow.tasks[0]!.parameters = {
      function_name: GREET,
      payload: { name: 'Flo' },
      invocation_type: 'Event',
      result: 'envelope',
    };
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: body });
    expect(res.body.task_results[0]).toMatchObject({ status: 'success', data: { Payload: '', StatusCode: 202 } });
  });

  it('runs a JSONPath task as the ASL import writes a lambda:invoke state, reading the envelope', async () => {
    const body = greeting({});
    const { parameters: _written, ...greet } = body.flow.tasks[0]!;
    body.flow.tasks[0] = {
      ...greet,
      jsonpath: {
        parameters: { function_name: ARN_OF_GREET, 'payload.$': '$.who', result: 'envelope' },
        result_selector: { 'text.$': '$.Payload.greeting', 'code.$': '$.StatusCode' },
      },
    };
    // The next task reads what the result selector kept of the envelope.
    body.flow.tasks[1] = {
      name: 'print_greeting',
      task_type: 'print',
      jsonpath: { parameters: { 'message.$': "States.Format('{} ({})', $.text, $.code)" } },
    };
    (body as unknown as { input: unknown }).input = { who: { name: 'Gus' } };
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: body });
    expect(res.body.status).toBe('SUCCEEDED');
    expect(res.body.task_results[0]).toMatchObject({
      status: 'success',
      data: { Payload: { greeting: 'Hello, Gus!' } },
    });
    expect(res.body.task_results[1]).toMatchObject({ status: 'success', data: { message: 'Hello, Gus! (200)' } });
  });

  it('takes a function outside the allow-list on the local stack with a warning: it runs when a test case mocks it', async () => {
    const body = greeting({});
    body.flow.tasks[0]!.parameters.function_name = 'someone-elses-function';
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: body });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([
      expect.objectContaining({
        path: 'flow.tasks[0].parameters.function_name',
        message: expect.stringContaining(`not in this deployment's allow-list (${GREET}`),
      }),
    ]);
    // Unmocked, the local stack has no such function: the call fails as Lambda answers it.
    expect(res.body.task_results[0]).toMatchObject({
      status: 'failure',
      error_code: 'Lambda.ResourceNotFoundException',
    });
  });

  it('calls it through aws-sdk:lambda:invoke too, its Payload JSON text both ways, as Step Functions has it', async () => {
    const asl = {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:lambda:invoke',
          Parameters: { FunctionName: GREET, 'Payload.$': '$.who' },
          ResultSelector: { 'status.$': '$.StatusCode', 'greeting.$': 'States.StringToJson($.Payload)' },
          End: true,
        },
      },
    };
    const res = await api('POST', `/api/v1/flows/execute?${WAIT}`, { json: { asl, input: { who: { name: 'Hal' } } } });
    expect([res.body.status, res.body.error]).toEqual(['SUCCEEDED', null]);
    expect(res.body.output).toEqual({ status: 200, greeting: { greeting: 'Hello, Hal!' } });
  });
});
