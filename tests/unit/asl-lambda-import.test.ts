import { aslPath } from '../../src/asl/asl-errors';
import { payloadTemplate } from '../../src/asl/jsonpath';
import { isLambdaFunctionResource, lambdaTaskFields, substituteDefinition } from '../../src/asl/lambda-import';
import type { ErrorDetail } from '../../src/domain/errors';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import invokeLambda from '../../src/tasks/types/invoke_lambda';

/** Task states that call Lambda functions, as invoke_lambda task fields (src/asl/lambda-import.ts). */
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:billing-charge';
const INVOKE = 'arn:aws:states:::lambda:invoke';

function fields(state: Record<string, unknown>, mode: 'JSONPath' | 'JSONata' = 'JSONPath') {
  const details: ErrorDetail[] = [];
  const at = (...segments: Array<string | number>) => aslPath('States', 'Charge', ...segments);
  return { task: lambdaTaskFields(state, at, details, mode), details };
}

/** What the task's parameters come to for a state input, as the step evaluates jsonpath.parameters. */
function parametersFor(task: Record<string, unknown>, input: unknown) {
  const template = (task.jsonpath as { parameters: unknown }).parameters;
  const computed = payloadTemplate(template, input, {}, () => {
    throw new Error('no intrinsic here');
  });
  return invokeLambda.parameters.parse(computed);
}

/** The fields as a flow's only task pass submission (the allow-list among the checks). */
function submitted(task: Record<string, unknown>) {
  const before = { list: process.env.INVOKE_LAMBDA_FUNCTIONS, region: process.env.AWS_REGION };
  process.env.INVOKE_LAMBDA_FUNCTIONS = 'billing-charge';
  process.env.AWS_REGION = 'us-east-1';
  try {
    const body = {
      flow: { id: 'calls', name: 'calls', start_task: 'charge', tasks: [{ name: 'charge', ...task }], conditions: [] },
    };
    return parseFlowRequest(body, defaultRegistry()).flow.tasks[0];
  } finally {
    if (before.list === undefined) delete process.env.INVOKE_LAMBDA_FUNCTIONS;
    else process.env.INVOKE_LAMBDA_FUNCTIONS = before.list;
    if (before.region === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = before.region;
  }
}

describe('isLambdaFunctionResource', () => {
  it('knows a function ARN and the optimized integration (and its callback form), not other services', () => {
    expect(isLambdaFunctionResource(ARN)).toBe(true);
    expect(isLambdaFunctionResource(`${ARN}:live`)).toBe(true);
    expect(isLambdaFunctionResource('arn:aws-cn:lambda:cn-north-1:123456789012:function:f')).toBe(true);
    expect(isLambdaFunctionResource(INVOKE)).toBe(true);
    expect(isLambdaFunctionResource(`${INVOKE}.waitForTaskToken`)).toBe(true);
    expect(isLambdaFunctionResource(`${INVOKE}.sync`)).toBe(false);
    expect(isLambdaFunctionResource('arn:aws:states:::sqs:sendMessage')).toBe(false);
    expect(isLambdaFunctionResource('billing-charge')).toBe(false);
    expect(isLambdaFunctionResource('flow:invoke_lambda')).toBe(false);
  });
});

describe('lambdaTaskFields in JSONPath mode', () => {
  it("sends a function ARN Resource the state's input, or its Parameters, and keeps the function's result", () => {
    const bare = fields({ Type: 'Task', Resource: ARN, End: true });
    expect(bare).toEqual({
      task: { task_type: 'invoke_lambda', jsonpath: { parameters: { function_name: ARN, 'payload.$': '$' } } },
      details: [],
    });
    expect(parametersFor(bare.task, { order: 7 })).toMatchObject({
      function_name: ARN,
      payload: { order: 7 },
      result: 'payload',
    });
    const shaped = fields({ Type: 'Task', Resource: ARN, Parameters: { order: { 'id.$': '$.id', kind: 'card' } } });
    expect(shaped.task).toEqual({
      task_type: 'invoke_lambda',
      jsonpath: { parameters: { function_name: ARN, payload: { order: { 'id.$': '$.id', kind: 'card' } } } },
    });
    expect(parametersFor(shaped.task, { id: 'o-1' }).payload).toEqual({ order: { id: 'o-1', kind: 'card' } });
    expect(submitted(shaped.task)).toMatchObject({ task_type: 'invoke_lambda' });
  });

  it('renames the integration’s Parameters to invoke_lambda’s, keeping paths, and asks for the envelope', () => {
    const { task, details } = fields({
      Type: 'Task',
      Resource: INVOKE,
      Parameters: {
        FunctionName: 'billing-charge:live',
        'Payload.$': '$.order',
        InvocationType: 'Event',
        LogType: 'Tail',
        'ClientContext.$': '$.context',
      },
    });
    expect(details).toEqual([]);
    expect(task).toEqual({
      task_type: 'invoke_lambda',
      jsonpath: {
        parameters: {
          function_name: 'billing-charge:live',
          'payload.$': '$.order',
          invocation_type: 'Event',
          log_type: 'Tail',
          'client_context.$': '$.context',
          result: 'envelope',
        },
      },
    });
    expect(parametersFor(task, { order: { n: 1 }, context: 'e30=' })).toEqual({
      function_name: 'billing-charge:live',
      payload: { n: 1 },
      invocation_type: 'Event',
      log_type: 'Tail',
      client_context: 'e30=',
      result: 'envelope',
    });
    expect(submitted(task)).toMatchObject({ task_type: 'invoke_lambda' });
  });

  it('sends no payload when the integration names none: the function receives {}', () => {
    const { task } = fields({
      Type: 'Task',
      Resource: INVOKE,
      Parameters: { 'FunctionName.$': '$.fn', Qualifier: '3' },
    });
    expect(parametersFor(task, { fn: ARN })).toEqual({
      function_name: ARN,
      qualifier: '3',
      payload: {},
      invocation_type: 'RequestResponse',
      result: 'envelope',
    });
  });

  it('names each Parameters field it cannot translate, a missing FunctionName and one that names no function', () => {
    expect(
      fields({ Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: 'f', Retries: 2, 'Tags.$': '$.t' } })
        .details,
    ).toEqual([
      {
        path: 'asl.States.Charge.Parameters.Retries',
        message: expect.stringContaining('is not an argument of lambda:invoke'),
      },
      {
        path: 'asl.States.Charge.Parameters.Tags.$',
        message: expect.stringContaining('FunctionName, Payload, Qualifier'),
      },
    ]);
    expect(fields({ Type: 'Task', Resource: INVOKE, Parameters: { 'Payload.$': '$' } }).details).toEqual([
      { path: 'asl.States.Charge.Parameters', message: 'names no FunctionName: the function to call' },
    ]);
    expect(fields({ Type: 'Task', Resource: INVOKE }).details).toEqual([
      {
        path: 'asl.States.Charge.Parameters',
        message: expect.stringContaining('must be an object naming at least FunctionName'),
      },
    ]);
    expect(fields({ Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: 'not a name!' } }).details).toEqual([
      {
        path: 'asl.States.Charge.Parameters.FunctionName',
        message: expect.stringContaining("'not a name!' is not a function name"),
      },
    ]);
  });
});

describe('lambdaTaskFields in JSONata mode', () => {
  it("sends a function ARN Resource its Arguments, else the state's input", () => {
    expect(fields({ Type: 'Task', Resource: ARN }, 'JSONata').task).toEqual({
      task_type: 'invoke_lambda',
      arguments: { function_name: ARN, payload: '{% $states.input %}' },
    });
    const { task } = fields({ Type: 'Task', Resource: ARN, Arguments: { id: '{% $states.input.id %}' } }, 'JSONata');
    expect(task).toEqual({
      task_type: 'invoke_lambda',
      arguments: { function_name: ARN, payload: { id: '{% $states.input.id %}' } },
    });
    expect(submitted(task)).toMatchObject({ task_type: 'invoke_lambda', arguments: task.arguments });
  });

  it('renames the integration’s Arguments and asks for the envelope; other fields are problems', () => {
    const { task, details } = fields(
      {
        Type: 'Task',
        Resource: INVOKE,
        Arguments: { FunctionName: 'billing-charge', Payload: '{% $states.input %}', Qualifier: 'live', Extra: 1 },
      },
      'JSONata',
    );
    expect(task).toEqual({
      task_type: 'invoke_lambda',
      arguments: {
        function_name: 'billing-charge',
        payload: '{% $states.input %}',
        qualifier: 'live',
        result: 'envelope',
      },
    });
    expect(details).toEqual([
      {
        path: 'asl.States.Charge.Arguments.Extra',
        message: expect.stringContaining('is not an argument of lambda:invoke'),
      },
    ]);
    // JSONata has no `.$` paths: such a field is not an argument.
    expect(
      fields({ Type: 'Task', Resource: INVOKE, Arguments: { FunctionName: 'f', 'Payload.$': '$' } }, 'JSONata').details,
    ).toEqual([{ path: 'asl.States.Charge.Arguments.Payload.$', message: expect.any(String) }]);
    expect(
      fields({ Type: 'Task', Resource: INVOKE, Arguments: { FunctionName: '{% $states.input.fn %}' } }, 'JSONata')
        .details,
    ).toEqual([]);
  });
});

describe('substituteDefinition', () => {
  it('fills ${Name} placeholders in every string, and names each one left without a value', () => {
    const definition = {
      StartAt: 'Charge',
      States: {
        Charge: {
          Type: 'Task',
          Resource: '${ChargeFunctionArn}',
          Parameters: { 'Payload.$': '$', Note: 'to ${Table} in ${Stage}', Tags: ['${Stage}', 3] },
          Next: 'Notify',
        },
        Notify: { Type: 'Task', Resource: '${NotifyArn}', Comment: 'keeps $ and {braces}', End: true },
      },
    };
    const { definition: filled, problems } = substituteDefinition(definition, {
      ChargeFunctionArn: ARN,
      Table: 'orders',
      Stage: 'prod',
    });
    expect(filled).toEqual({
      StartAt: 'Charge',
      States: {
        Charge: {
          Type: 'Task',
          Resource: ARN,
          Parameters: { 'Payload.$': '$', Note: 'to orders in prod', Tags: ['prod', 3] },
          Next: 'Notify',
        },
        Notify: { Type: 'Task', Resource: '${NotifyArn}', Comment: 'keeps $ and {braces}', End: true },
      },
    });
    expect(problems).toEqual([
      { path: 'asl.States.Notify.Resource', message: "placeholder ${NotifyArn} has no value in 'substitutions'" },
    ]);
    // The definition given is left as it was.
    expect(definition.States.Charge.Resource).toBe('${ChargeFunctionArn}');
  });

  it('does not take a value from the object prototype', () => {
    const { problems } = substituteDefinition({ Comment: '${toString}' }, {});
    expect(problems).toEqual([
      { path: 'asl.Comment', message: "placeholder ${toString} has no value in 'substitutions'" },
    ]);
  });
});
