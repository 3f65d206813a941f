import { ValidationError } from '../../src/domain/errors';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { allowedFunctions } from '../../src/tasks/lambda-allow-list';
import invokeLambda, { functionErrorName } from '../../src/tasks/types/invoke_lambda';

describe('invoke_lambda', () => {
  /** Runs `check` on a deployment with this allow-list: an AWS stage unless `stageKind` says otherwise. */
  const withList = (list: string | undefined, check: () => void, stageKind = 'aws') => {
    const before = { list: process.env.INVOKE_LAMBDA_FUNCTIONS, kind: process.env.FLOW_STAGE_KIND };
    if (list === undefined) delete process.env.INVOKE_LAMBDA_FUNCTIONS;
    else process.env.INVOKE_LAMBDA_FUNCTIONS = list;
    process.env.FLOW_STAGE_KIND = stageKind;
    try {
      check();
    } finally {
      if (before.list === undefined) delete process.env.INVOKE_LAMBDA_FUNCTIONS;
      else process.env.INVOKE_LAMBDA_FUNCTIONS = before.list;
      if (before.kind === undefined) delete process.env.FLOW_STAGE_KIND;
      else process.env.FLOW_STAGE_KIND = before.kind;
    }
  };

  it('reads the allow-list as exact names, and knows when there is none to check against', () => {
    expect(allowedFunctions({ INVOKE_LAMBDA_FUNCTIONS: ' a-fn, b-fn ,,' })).toEqual(['a-fn', 'b-fn']);
    expect(allowedFunctions({ INVOKE_LAMBDA_FUNCTIONS: '' })).toEqual([]);
    expect(allowedFunctions({})).toBeUndefined();
  });

  it('accepts only functions of the allow-list in its parameters', () => {
    withList('billing-charge,crm-sync', () => {
      expect(invokeLambda.parameters.safeParse({ function_name: 'crm-sync' }).success).toBe(true);
      const refused = invokeLambda.parameters.safeParse({ function_name: 'billing-charge-v2' });
      expect(refused.error?.issues[0]).toMatchObject({
        path: ['function_name'],
        message: expect.stringContaining("'billing-charge-v2' is not in this deployment's allow-list"),
      });
    });
    withList('', () => expect(invokeLambda.parameters.safeParse({ function_name: 'anything' }).success).toBe(false));
    withList(undefined, () =>
      expect(invokeLambda.parameters.safeParse({ function_name: 'anything' }).success).toBe(true),
    );
  });

  it('checks every form of a function reference against the allow-list by its name', () => {
    const region = process.env.AWS_REGION;
    process.env.AWS_REGION = 'eu-west-1';
    try {
      withList('billing-charge', () => {
        const ok = (function_name: string, more: Record<string, unknown> = {}) =>
          invokeLambda.parameters.safeParse({ function_name, ...more });
        for (const form of [
          'billing-charge',
          'billing-charge:live',
          'billing-charge:$LATEST',
          '123456789012:function:billing-charge',
          '123456789012:function:billing-charge:3',
          'arn:aws:lambda:eu-west-1:123456789012:function:billing-charge',
          'arn:aws:lambda:eu-west-1:123456789012:function:billing-charge:live',
        ])
          expect({ form, success: ok(form).success }).toEqual({ form, success: true });
        expect(ok('arn:aws:lambda:eu-west-1:123456789012:function:crm-sync').error?.issues[0]?.message).toContain(
          "'arn:aws:lambda:eu-west-1:123456789012:function:crm-sync' is not in this deployment's allow-list",
        );
        expect(ok('arn:aws:lambda:us-east-1:123456789012:function:billing-charge').error?.issues[0]?.message).toContain(
          'is in region us-east-1; this deployment may call functions of eu-west-1 only',
        );
        expect(ok('billing charge').error?.issues[0]).toMatchObject({
          path: ['function_name'],
          message: expect.stringContaining('is not a function name'),
        });
        expect(ok('billing-charge:live', { qualifier: 'canary' }).error?.issues[0]).toMatchObject({
          path: ['qualifier'],
          message: "qualifier 'canary' contradicts the ':live' function_name ends in",
        });
        expect(ok('billing-charge', { invocation_type: 'DryRun' }).error?.issues[0]?.path).toEqual(['invocation_type']);
        expect(ok('billing-charge', { result: 'all' }).error?.issues[0]?.path).toEqual(['result']);
        expect(ok('billing-charge').data).toMatchObject({ invocation_type: 'RequestResponse', result: 'payload' });
      });
    } finally {
      if (region === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = region;
    }
  });

  it('accepts a function outside the allow-list on the local stack, warning that it runs only mocked', () => {
    withList(
      'flow-manager-local-greet',
      () => {
        const parsed = parseFlowRequest(
          {
            flow: {
              id: 'calls',
              name: 'calls',
              start_task: 'call',
              tasks: [
                {
                  name: 'call',
                  task_type: 'invoke_lambda',
                  jsonpath: {
                    parameters: { function_name: 'arn:aws:lambda:eu-west-1:123456789012:function:crm-sync' },
                  },
                },
              ],
              conditions: [],
            },
          },
          defaultRegistry(),
        );
        expect(parsed.warnings).toEqual([
          {
            path: 'flow.tasks[0].jsonpath.parameters.function_name',
            message: expect.stringMatching(
              /'arn:aws:lambda:eu-west-1:123456789012:function:crm-sync' is not in this deployment's allow-list .*: on this stack it runs only when the execution's test case mocks task 'call'/,
            ),
          },
        ]);
      },
      'offline',
    );
  });

  it('refuses at submission a function outside the allow-list written as a plain value in arguments or jsonpath.parameters', () => {
    const flow = (task: Record<string, unknown>) => ({
      flow: {
        id: 'calls',
        name: 'calls',
        start_task: 'call',
        tasks: [{ name: 'call', task_type: 'invoke_lambda', ...task }],
        conditions: [],
      },
    });
    const problems = (body: unknown) => {
      try {
        parseFlowRequest(body, defaultRegistry());
        return [];
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return error.details ?? [];
      }
    };
    withList('billing-charge', () => {
      expect(problems(flow({ jsonpath: { parameters: { function_name: 'crm-sync', 'payload.$': '$' } } }))).toEqual([
        expect.objectContaining({
          path: 'flow.tasks[0].jsonpath.parameters.function_name',
          message: expect.stringContaining("'crm-sync' is not in this deployment's allow-list"),
        }),
      ]);
      expect(problems(flow({ arguments: { function_name: 'crm-sync:live', payload: '{% $states.input %}' } }))).toEqual(
        [expect.objectContaining({ path: 'flow.tasks[0].arguments.function_name' })],
      );
      // Computed names are checked when the step computes them; allowed plain names pass.
      expect(problems(flow({ jsonpath: { parameters: { 'function_name.$': '$.fn', 'payload.$': '$' } } }))).toEqual([]);
      expect(problems(flow({ arguments: { function_name: '{% $states.input.fn %}' } }))).toEqual([]);
      expect(
        problems(
          flow({
            jsonpath: {
              parameters: { function_name: 'arn:aws:lambda:us-east-1:123456789012:function:billing-charge:live' },
            },
          }),
        ),
      ).toEqual([]);
    });
  });

  it("names a function error by its errorType, or by the trace's first line where the emulator says only Error", () => {
    expect(functionErrorName({ errorType: 'GreetingRefused', errorMessage: 'no' })).toBe('GreetingRefused');
    expect(functionErrorName({ errorType: 'Error', trace: ['GreetingRefused: no', '    at handler'] })).toBe(
      'GreetingRefused',
    );
    expect(functionErrorName({ errorType: 'Error', trace: ['not a name line'] })).toBe('Error');
    expect(functionErrorName({})).toBe('Lambda.Unknown');
  });
});
