import {
  MAX_MOCKED_INVOCATIONS,
  mockedResponse,
  mockTestCase,
  parseMockConfig,
} from '../../src/domain/mocks/mock-config';

/** The example of Step Functions Local's documentation, in its shape. */
const EXAMPLE = {
  StateMachines: {
    LambdaSQSIntegration: {
      TestCases: {
        HappyPath: { LambdaState: 'MockedLambdaSuccess', SQSState: 'MockedSQSSuccess' },
        RetryPath: { LambdaState: 'MockedLambdaRetry', SQSState: 'MockedSQSSuccess' },
        HybridPath: { LambdaState: 'MockedLambdaSuccess' },
      },
    },
  },
  MockedResponses: {
    MockedLambdaSuccess: { '0': { Return: { StatusCode: 200, Payload: { body: 'Hello from Lambda!' } } } },
    MockedSQSSuccess: { '0': { Return: { MessageId: 'm-1' } } },
    MockedLambdaRetry: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
      '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } },
      '3': { Return: { StatusCode: 200, Payload: { body: 'Hello from Lambda!' } } },
    },
  },
};

const parsed = (config: unknown) => parseMockConfig(JSON.stringify(config));
const problems = (config: unknown) => {
  const outcome = typeof config === 'string' ? parseMockConfig(config) : parsed(config);
  if (outcome.ok) throw new Error('expected problems');
  return outcome.problems;
};

describe('a mock configuration in Step Functions Local format', () => {
  it('reads test cases per state machine and responses per invocation, ranges spelled out', () => {
    const outcome = parsed(EXAMPLE);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const { config } = outcome;
    const retry = mockTestCase(config, 'LambdaSQSIntegration', 'RetryPath');
    expect(retry.ok && [...retry.states]).toEqual([
      ['LambdaState', 'MockedLambdaRetry'],
      ['SQSState', 'MockedSQSSuccess'],
    ]);
    const byInvocation = [0, 1, 2, 3].map((n) => mockedResponse(config, 'MockedLambdaRetry', n));
    expect(byInvocation).toEqual([
      { throw: { error: 'Lambda.ResourceNotReadyException', cause: 'Lambda resource is not ready.' } },
      { throw: { error: 'Lambda.TimeoutException', cause: 'Lambda timed out.' } },
      { throw: { error: 'Lambda.TimeoutException', cause: 'Lambda timed out.' } },
      { return: { StatusCode: 200, Payload: { body: 'Hello from Lambda!' } } },
    ]);
    expect(mockedResponse(config, 'MockedLambdaRetry', 4)).toBeUndefined();
  });

  it('says which state machine or test case it does not have, and which it has', () => {
    const outcome = parsed(EXAMPLE);
    if (!outcome.ok) throw new Error('expected a configuration');
    expect(mockTestCase(outcome.config, 'Other', 'HappyPath')).toEqual({
      ok: false,
      problem: "the mock configuration has no state machine 'Other' (it has 'LambdaSQSIntegration')",
    });
    expect(mockTestCase(outcome.config, 'LambdaSQSIntegration', 'Sad')).toEqual({
      ok: false,
      problem:
        "the mock configuration has no test case 'Sad' for 'LambdaSQSIntegration' (it has 'HappyPath', 'RetryPath', 'HybridPath')",
    });
  });

  it('refuses text that is not JSON', () => {
    expect(problems('{ "StateMachines": ')[0]).toMatchObject({
      path: '',
      message: expect.stringMatching(/^is not JSON/),
    });
  });

  it('refuses a response with both Return and Throw, or neither, naming where', () => {
    const both = {
      ...EXAMPLE,
      MockedResponses: { ...EXAMPLE.MockedResponses, Bad: { '0': { Return: 1, Throw: { Error: 'E' } } } },
    };
    expect(problems(both)).toEqual([
      { path: 'MockedResponses.Bad.0', message: expect.stringContaining('exactly one of Return or Throw') },
    ]);
    const neither = { ...EXAMPLE, MockedResponses: { ...EXAMPLE.MockedResponses, Bad: { '0': {} } } };
    expect(problems(neither)[0]?.path).toBe('MockedResponses.Bad.0');
  });

  it('refuses a Throw without an Error name', () => {
    const config = {
      ...EXAMPLE,
      MockedResponses: { ...EXAMPLE.MockedResponses, Bad: { '0': { Throw: { Cause: 'c' } } } },
    };
    expect(problems(config)[0]?.path).toMatch(/^MockedResponses\.Bad\.0/);
  });

  it('refuses invocation numbers that do not start at 0, leave a gap or overlap', () => {
    const responses = (byRange: Record<string, unknown>) => ({
      ...EXAMPLE,
      MockedResponses: { ...EXAMPLE.MockedResponses, R: byRange },
    });
    const ok = { Return: 1 };
    expect(problems(responses({ '1': ok }))).toEqual([
      { path: 'MockedResponses.R.1', message: expect.stringContaining('the first must be 0') },
    ]);
    expect(problems(responses({ '0': ok, '2': ok }))).toEqual([
      { path: 'MockedResponses.R.2', message: expect.stringContaining('the one before ended at 0') },
    ]);
    expect(problems(responses({ '0-2': ok, '1': ok }))[0]?.path).toMatch(/^MockedResponses\.R\./);
    expect(problems(responses({ one: ok }))).toEqual([
      { path: 'MockedResponses.R.one', message: expect.stringContaining("write '0', '1' or a range") },
    ]);
    expect(problems(responses({ '2-1': ok }))[0]?.path).toBe('MockedResponses.R.2-1');
    expect(problems(responses({ [`0-${MAX_MOCKED_INVOCATIONS}`]: ok }))[0]?.message).toContain(
      `below ${MAX_MOCKED_INVOCATIONS}`,
    );
    expect(problems(responses({}))).toEqual([
      { path: 'MockedResponses.R', message: 'has no response: give at least "0"' },
    ]);
  });

  it('refuses a test case naming a mocked response that is not defined', () => {
    const config = {
      ...EXAMPLE,
      StateMachines: { M: { TestCases: { T: { LambdaState: 'Missing' } } } },
    };
    expect(problems(config)).toEqual([
      {
        path: 'StateMachines.M.TestCases.T.LambdaState',
        message: "names the mocked response 'Missing', which MockedResponses does not define",
      },
    ]);
  });

  it('refuses fields the format does not have', () => {
    expect(problems({ ...EXAMPLE, Extra: {} })[0]?.message).toMatch(/Extra/);
    expect(problems({ StateMachines: {} })[0]?.path).toBe('MockedResponses');
  });
});
