import { ValidationError } from '../../src/domain/errors';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { createExecution } from '../../src/service/execution-lifecycle';
import { runMachine } from '../support/asl-machine-runner';
import { EngineDriver } from '../support/engine-driver';
import { onAwsStage } from '../support/stage-kind';

/**
 * State machines in JSONPath mode (the default when QueryLanguage is absent), imported and run to
 * their end: each case is a documented Step Functions example, or one built from the States
 * Language specification's rules, with the output or error Step Functions gives.
 */

const registry = defaultRegistry();
const problemsOf = (asl: unknown) => {
  try {
    parseFlowRequest({ asl }, registry, { asl: true });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details!;
  }
  throw new Error('expected the import to be refused');
};

describe('JSONPath-mode state machines', () => {
  it("places a Pass state's Result at its ResultPath (the Pass state example of the Step Functions docs)", async () => {
    const execution = await runMachine(
      {
        StartAt: 'No-op',
        States: {
          'No-op': {
            Type: 'Pass',
            Result: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 },
            ResultPath: '$.coords',
            End: true,
          },
        },
      },
      { georefOf: 'Home' },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual({
      georefOf: 'Home',
      coords: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 },
    });
  });

  it('filters with InputPath, builds with Parameters (paths, the context object, intrinsics) and keeps a part with OutputPath', async () => {
    const execution = await runMachine(
      {
        Comment: 'Input and output processing',
        StartAt: 'Shape',
        States: {
          Shape: {
            Type: 'Pass',
            InputPath: '$.order',
            Parameters: {
              'id.$': '$.id',
              'greeting.$': "States.Format('Hello, {}!', $.customer.name)",
              'lines.$': 'States.ArrayLength($.items)',
              'state.$': '$$.State.Name',
              fixed: { nested: ['a', 1] },
            },
            ResultPath: '$.shaped',
            Next: 'Keep',
          },
          Keep: { Type: 'Pass', OutputPath: '$.shaped', End: true },
        },
      },
      { order: { id: 'o-7', customer: { name: 'Ada' }, items: [1, 2, 3] } },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual({
      id: 'o-7',
      greeting: 'Hello, Ada!',
      lines: 3,
      state: 'Shape',
      fixed: { nested: ['a', 1] },
    });
  });

  it('runs a task of the flow engine with its Parameters, ResultSelector and ResultPath', async () => {
    const execution = await runMachine(
      {
        StartAt: 'Compute',
        States: {
          Compute: {
            Type: 'Task',
            Resource: 'flow:print',
            Parameters: { 'message.$': "States.Format('{} numbers', States.ArrayLength($.numbers))" },
            ResultSelector: { 'said.$': '$.message' },
            ResultPath: '$.printed',
            End: true,
          },
        },
      },
      { numbers: [1, 2, 3.5] },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual({ numbers: [1, 2, 3.5], printed: { said: '3 numbers' } });
  });

  it('waits for the seconds its SecondsPath reads, and hands its input on through its paths', async () => {
    const execution = await runMachine(
      {
        StartAt: 'Hold',
        States: { Hold: { Type: 'Wait', SecondsPath: '$.delay', OutputPath: '$.keep', End: true } },
      },
      { delay: 90, keep: { still: 'here' } },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual({ still: 'here' });
  });

  it('fails a Wait whose SecondsPath selects nothing with States.Runtime, naming the field', async () => {
    const execution = await runMachine(
      { StartAt: 'Hold', States: { Hold: { Type: 'Wait', SecondsPath: '$.delay', End: true } } },
      {},
    );
    expect(execution.status).toBe('FAILED');
    expect(execution.reason).toBe('States.Runtime');
    expect(execution.error).toMatch(/SecondsPath/);
  });

  it('ends with the Error and Cause a Fail state reads through ErrorPath and CausePath', async () => {
    const execution = await runMachine(
      {
        StartAt: 'Check',
        States: {
          Check: { Type: 'Pass', Next: 'Refuse' },
          Refuse: { Type: 'Fail', ErrorPath: '$.code', CausePath: "States.Format('order {} refused', $.id)" },
        },
      },
      { code: 'OrderRefused', id: 12 },
    );
    expect(execution.status).toBe('FAILED');
    expect(execution.reason).toBe('OrderRefused');
    expect(execution.error).toBe('order 12 refused');
  });

  it("places a caught error { Error, Cause } at the catcher's ResultPath, and a Fail state ends with its own Error", async () => {
    const machine = (resultPath?: string | null) => ({
      StartAt: 'Charge',
      States: {
        Charge: {
          Type: 'Task',
          Resource: 'flow:raise_error',
          Parameters: { error: 'CardDeclined', 'cause.$': '$.reason' },
          Catch: [
            {
              ErrorEquals: ['CardDeclined'],
              Next: 'Report',
              ...(resultPath !== undefined && { ResultPath: resultPath }),
            },
          ],
          Next: 'Done',
        },
        Report: { Type: 'Pass', Next: 'Done' },
        Done: { Type: 'Succeed' },
      },
    });
    const placed = await runMachine(machine('$.failure'), { reason: 'insufficient funds' });
    expect(placed.status).toBe('SUCCEEDED');
    expect(placed.state.data).toEqual({
      reason: 'insufficient funds',
      failure: { Error: 'CardDeclined', Cause: 'insufficient funds' },
    });
    const alone = await runMachine(machine(), { reason: 'expired' });
    expect(alone.state.data).toEqual({ Error: 'CardDeclined', Cause: 'expired' });
    const dropped = await runMachine(machine(null), { reason: 'expired' });
    expect(dropped.state.data).toEqual({ reason: 'expired' });

    const failing = await runMachine({
      StartAt: 'Go',
      States: {
        Go: { Type: 'Pass', Next: 'Stop' },
        Stop: { Type: 'Fail', Error: 'Custom.Stop', Cause: 'stopped on purpose' },
      },
    });
    expect(failing).toMatchObject({ status: 'FAILED', reason: 'Custom.Stop', error: 'stopped on purpose' });
  });

  it('fails the execution with States.Runtime when InputPath selects nothing: States.ALL and its own name take it no more than in Step Functions', async () => {
    const execution = await runMachine(
      {
        StartAt: 'Read',
        States: {
          Read: {
            Type: 'Task',
            Resource: 'flow:noop',
            InputPath: '$.missing',
            Retry: [{ ErrorEquals: ['States.ALL'] }],
            Catch: [
              { ErrorEquals: ['States.Runtime'], ResultPath: '$.error', Next: 'Recovered' },
              { ErrorEquals: ['States.ALL'], Next: 'Recovered' },
            ],
            End: true,
          },
          Recovered: { Type: 'Pass', End: true },
        },
      },
      { present: 1 },
    );
    expect(execution).toMatchObject({ status: 'FAILED', reason: 'States.Runtime' });
    expect(execution.error).toMatch(/InputPath/);
  });

  it('hands on what a Succeed state keeps with OutputPath', async () => {
    const execution = await runMachine(
      {
        StartAt: 'Start',
        States: {
          Start: { Type: 'Pass', Next: 'Finish' },
          Finish: { Type: 'Succeed', InputPath: '$.result', OutputPath: '$.value' },
        },
      },
      { result: { value: 42 }, noise: true },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toBe(42);
  });

  it('runs a JSONata state inside a JSONPath machine, each in its own language', async () => {
    const execution = await runMachine(
      {
        StartAt: 'Paths',
        States: {
          Paths: { Type: 'Pass', Parameters: { 'n.$': '$.n' }, Next: 'Expressions' },
          Expressions: {
            Type: 'Pass',
            QueryLanguage: 'JSONata',
            Output: '{% { "doubled": $states.input.n * 2 } %}',
            End: true,
          },
        },
      },
      { n: 21 },
    );
    expect(execution.state.data).toEqual({ doubled: 42 });
  });

  it('routes on Choice rules (the Choice state example of the Step Functions docs)', async () => {
    const machine = {
      StartAt: 'ChoiceStateX',
      States: {
        ChoiceStateX: {
          Type: 'Choice',
          Choices: [
            { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
            { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero', Comment: 'a rule may say why' },
            {
              And: [
                { Variable: '$.value', NumericGreaterThanEquals: 20 },
                { Variable: '$.value', NumericLessThan: 30 },
              ],
              Next: 'ValueInTwenties',
            },
          ],
          Default: 'DefaultState',
        },
        Public: { Type: 'Pass', Result: 'public', End: true },
        ValueIsZero: { Type: 'Pass', Result: 'zero', End: true },
        ValueInTwenties: { Type: 'Pass', Result: 'twenties', End: true },
        DefaultState: { Type: 'Fail', Error: 'DefaultStateError', Cause: 'No Matches!' },
      },
    };
    const run = (input: Record<string, unknown>) => runMachine(machine, input);
    expect((await run({ type: 'Public', value: 0 })).state.data).toBe('public');
    expect((await run({ type: 'Private', value: 0 })).state.data).toBe('zero');
    expect((await run({ type: 'Private', value: 25 })).state.data).toBe('twenties');
    expect(await run({ type: 'Private', value: 35 })).toMatchObject({
      status: 'FAILED',
      reason: 'DefaultStateError',
      error: 'No Matches!',
    });
  });

  it('maps over ItemsPath with Parameters seeing the context object, and runs Parallel branches on its Parameters', async () => {
    const execution = await runMachine(
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemsPath: '$.names',
            Parameters: { 'ContextIndex.$': '$$.Map.Item.Index', 'ContextValue.$': '$$.Map.Item.Value' },
            Iterator: {
              StartAt: 'Shout',
              States: {
                Shout: {
                  Type: 'Pass',
                  Parameters: { 'at.$': '$.ContextIndex', 'name.$': "States.Format('{}!', $.ContextValue)" },
                  End: true,
                },
              },
            },
            ResultPath: '$.shouted',
            Next: 'Both',
          },
          Both: {
            Type: 'Parallel',
            Parameters: { 'count.$': 'States.ArrayLength($.shouted)' },
            Branches: [
              { StartAt: 'One', States: { One: { Type: 'Pass', End: true } } },
              { StartAt: 'Two', States: { Two: { Type: 'Pass', Result: 'second', End: true } } },
            ],
            ResultSelector: { 'first.$': '$[0].count', 'second.$': '$[1]' },
            ResultPath: '$.parallel',
            OutputPath: '$.parallel',
            Next: 'Keep',
          },
          Keep: { Type: 'Succeed' },
        },
      },
      { names: ['bob', 'meg'] },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual({ first: 2, second: 'second' });
  });

  it('calls Lambda functions by ARN and through lambda:invoke, with placeholders filled from substitutions', () => {
    const asl = {
      StartAt: 'ByArn',
      States: {
        ByArn: {
          Type: 'Task',
          Resource: '${GreetArn}',
          InputPath: '$.person',
          ResultPath: '$.greeting',
          Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 2 }],
          Next: 'ByIntegration',
        },
        ByIntegration: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'greet:live', 'Payload.$': '$.person' },
          ResultSelector: { 'said.$': '$.Payload' },
          End: true,
        },
      },
    };
    // On an AWS stage an unfilled placeholder is refused; on the local stack the state runs only mocked.
    expect(onAwsStage(() => problemsOf(asl))).toEqual([
      { path: 'asl.States.ByArn.Resource', message: expect.stringMatching(/substitutions/) },
    ]);
    const local = parseFlowRequest({ asl }, registry, { asl: true });
    expect(local.flow.tasks[0]).toMatchObject({
      task_type: 'mock_only',
      jsonpath: { parameters: { resource: '${GreetArn}' } },
    });
    expect(local.warnings).toContainEqual(
      expect.objectContaining({
        message: expect.stringContaining("task 'ByArn' makes a call this engine cannot make"),
      }),
    );
    // A placeholder for the integration's FunctionName says so too.
    const byName = {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: '${GreetName}', 'Payload.$': '$' },
          End: true,
        },
      },
    };
    expect(onAwsStage(() => problemsOf(byName))).toEqual([
      { path: 'asl.States.Call.Parameters.FunctionName', message: expect.stringMatching(/placeholder.*substitutions/) },
    ]);
    expect(parseFlowRequest({ asl: byName }, registry, { asl: true }).flow.tasks[0]).toMatchObject({
      task_type: 'mock_only',
      jsonpath: {
        parameters: { resource: 'arn:aws:states:::lambda:invoke', parameters: { FunctionName: '${GreetName}' } },
      },
    });
    const { flow } = parseFlowRequest(
      { asl, substitutions: { GreetArn: 'arn:aws:lambda:us-east-1:123456789012:function:greet' } },
      registry,
      { asl: true },
    );
    expect(flow.tasks[0]).toMatchObject({
      task_type: 'invoke_lambda',
      jsonpath: {
        input_path: '$.person',
        result_path: '$.greeting',
        parameters: { function_name: 'arn:aws:lambda:us-east-1:123456789012:function:greet', 'payload.$': '$' },
      },
      retry: [{ error_equals: ['Lambda.TooManyRequestsException'], max_attempts: 2 }],
    });
    expect(flow.tasks[1]).toMatchObject({
      task_type: 'invoke_lambda',
      jsonpath: {
        parameters: { function_name: 'greet:live', 'payload.$': '$.person', result: 'envelope' },
        result_selector: { 'said.$': '$.Payload' },
      },
    });
    expect(
      problemsOf({
        ...asl,
        States: { ...asl.States, ByArn: { ...asl.States.ByArn, Resource: 'arn:aws:states:::dynamodb:query' } },
      }),
    ).toEqual([
      { path: 'asl.States.ByArn.Resource', message: expect.stringMatching(/integrations are not supported/) },
    ]);
  });

  it('takes any JSON value as its input, as Step Functions does: an array to map over, a string', async () => {
    const mapped = await runMachine(
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemProcessor: {
              StartAt: 'Double',
              States: { Double: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($, $)' }, End: true } },
            },
            End: true,
          },
        },
      },
      [1, 2, 3],
    );
    expect(mapped.state.data).toEqual([{ n: 2 }, { n: 4 }, { n: 6 }]);
    const text = await runMachine(
      { StartAt: 'Echo', States: { Echo: { Type: 'Pass', Parameters: { 'said.$': '$' }, End: true } } },
      'hi',
    );
    expect(text.state.data).toEqual({ said: 'hi' });
    // A native flow still takes an object, as its clients always sent.
    expect(() =>
      parseFlowRequest(
        { flow: { id: 'f', name: 'f', tasks: [{ name: 'a', task_type: 'noop' }] }, input: [1] },
        registry,
      ),
    ).toThrow(ValidationError);
  });

  it("bounds a task's run by the seconds its TimeoutSecondsPath reads, failing with States.Runtime on a value it cannot take", async () => {
    const machine = {
      StartAt: 'Slow',
      States: {
        Slow: {
          Type: 'Task',
          Resource: 'flow:scripted',
          Parameters: {},
          TimeoutSecondsPath: '$.limit',
          HeartbeatSecondsPath: '$.beat',
          End: true,
        },
      },
    };
    const driver = new EngineDriver();
    const { flow, warnings } = parseFlowRequest({ asl: machine }, driver.deps.registry, { asl: true });
    expect(flow.tasks[0]).toMatchObject({ timeout_seconds: 100, jsonpath: { timeout_seconds_path: '$.limit' } });
    expect(warnings.map((w) => w.path)).toEqual(['asl.States.Slow.HeartbeatSecondsPath']);

    const { execution } = await createExecution(
      { asl: machine, input: { limit: 1 } },
      { start: true, asl: true },
      driver.deps,
    );
    const release = driver.hold(execution.execution_id, 1);
    await driver.drain();
    release();
    expect(await driver.execution(execution.execution_id)).toMatchObject({
      status: 'FAILED',
      reason: 'States.Timeout',
    });

    const tooLong = await runMachine(machine, { limit: 500 }, driver);
    expect(tooLong).toMatchObject({ status: 'FAILED', reason: 'States.Runtime' });
    expect(tooLong.error).toMatch(/TimeoutSecondsPath.*more than the 100/);
    expect(await runMachine(machine, { limit: 'soon' }, driver)).toMatchObject({
      status: 'FAILED',
      reason: 'States.Runtime',
    });
    expect(await runMachine(machine, { limit: 5 }, driver)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it("reads a catcher's target that goes on by its Next without a fall-through warning", () => {
    const { warnings } = parseFlowRequest(
      {
        asl: {
          StartAt: 'Try',
          States: {
            Try: {
              Type: 'Task',
              Resource: 'flow:noop',
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Notify' }],
              Next: 'Done',
            },
            Notify: { Type: 'Pass', Next: 'Failed' },
            Failed: { Type: 'Fail', Error: 'OrderFailed' },
            Done: { Type: 'Succeed' },
          },
        },
      },
      registry,
      { asl: true },
    );
    expect(warnings).toEqual([]);
  });

  it("applies a Choice state's OutputPath once its rules have chosen on the whole input, its own or folded", async () => {
    const machine = (first: Record<string, unknown>) => ({
      StartAt: 'First',
      States: {
        First: first,
        Pick: {
          Type: 'Choice',
          OutputPath: '$.order',
          Choices: [{ Variable: '$.kind', StringEquals: 'big', Next: 'Big' }],
          Default: 'Small',
        },
        Big: { Type: 'Pass', Parameters: { 'size.$': "States.Format('big {}', $.id)" }, End: true },
        Small: { Type: 'Pass', Parameters: { 'size.$': "States.Format('small {}', $.id)" }, End: true },
      },
    });
    const input = { kind: 'big', order: { id: 7 } };
    // After a Pass, the Choice is its condition; as the state to start at, a task of its own.
    const folded = await runMachine(machine({ Type: 'Pass', Next: 'Pick' }), input);
    expect(folded.state.data).toEqual({ size: 'big 7' });
    const own = { ...machine({ Type: 'Pass', Next: 'Pick' }), StartAt: 'Pick' };
    expect((await runMachine(own, { kind: 'small', order: { id: 8 } })).state.data).toEqual({ size: 'small 8' });
    expect(problemsOf({ ...own, States: { ...own.States, Pick: { ...own.States.Pick, OutputPath: 'x' } } })).toEqual([
      { path: 'asl.States.Pick.OutputPath', message: expect.any(String) },
    ]);
  });

  it('refuses JSONata fields in a JSONPath state, a JSONPath state in a JSONata machine, and paths it cannot read, each by path', () => {
    const details = problemsOf({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Output: { x: 1 }, Next: 'B' },
        B: { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', Next: 'C' },
        C: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:scan', Next: 'E' },
        E: { Type: 'Fail', Error: 'X', ErrorPath: '$.e' },
      },
    });
    expect(details.map((d) => d.path).sort()).toEqual(
      ['asl.States.A.Output', 'asl.States.B.SecondsPath', 'asl.States.C.Resource', 'asl.States.E.ErrorPath'].sort(),
    );
    expect(
      problemsOf({
        QueryLanguage: 'JSONata',
        StartAt: 'A',
        States: { A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } },
      }),
    ).toEqual([{ path: 'asl.States.A.QueryLanguage', message: expect.stringMatching(/JSONata/) }]);
    // Paths, templates and intrinsic calls are checked once the machine reads as a flow, named as written.
    const paths = problemsOf({
      StartAt: 'D',
      States: {
        D: {
          Type: 'Pass',
          InputPath: 'no-dollar',
          ResultPath: '$.a[*]',
          Parameters: { 'x.$': 'States.Nope(' },
          End: true,
        },
      },
    });
    expect(paths.map((d) => d.path).sort()).toEqual([
      'asl.States.D.InputPath',
      'asl.States.D.Parameters.x.$',
      'asl.States.D.ResultPath',
    ]);
  });
});
