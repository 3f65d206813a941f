import { allowedFunctions } from '../../src/tasks/lambda-allow-list';
import invokeLambda, { functionErrorName } from '../../src/tasks/types/invoke_lambda';

describe('invoke_lambda', () => {
  const withList = (list: string | undefined, check: () => void) => {
    const before = process.env.INVOKE_LAMBDA_FUNCTIONS;
    if (list === undefined) delete process.env.INVOKE_LAMBDA_FUNCTIONS;
    else process.env.INVOKE_LAMBDA_FUNCTIONS = list;
    try {
      check();
    } finally {
      if (before === undefined) delete process.env.INVOKE_LAMBDA_FUNCTIONS;
      else process.env.INVOKE_LAMBDA_FUNCTIONS = before;
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

  it("names a function error by its errorType, or by the trace's first line where the emulator says only Error", () => {
    expect(functionErrorName({ errorType: 'GreetingRefused', errorMessage: 'no' })).toBe('GreetingRefused');
    expect(functionErrorName({ errorType: 'Error', trace: ['GreetingRefused: no', '    at handler'] })).toBe(
      'GreetingRefused',
    );
    expect(functionErrorName({ errorType: 'Error', trace: ['not a name line'] })).toBe('Error');
    expect(functionErrorName({})).toBe('Lambda.Unknown');
  });
});
