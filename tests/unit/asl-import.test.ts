import { AslImportError } from '../../src/asl/asl-errors';
import { bareStateMachineProblems } from '../../src/asl/bare-state-machine';
import { ValidationError } from '../../src/domain/errors';
import { isChoiceCondition } from '../../src/domain/flow/flow-definition';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { nextTransition } from '../../src/engine/next-transition';
import { defaultRegistry } from '../../src/tasks/default-registry';

const registry = defaultRegistry();
const importAsl = (asl: unknown, extra: Record<string, unknown> = {}) =>
  parseFlowRequest({ asl, input: { n: 2 }, ...extra }, registry, { asl: true, executionName: true });
const problemsOf = (asl: unknown, extra: Record<string, unknown> = {}) => {
  try {
    importAsl(asl, extra);
  } catch (error) {
    expect(error).toBeInstanceOf(AslImportError);
    return (error as AslImportError).details!;
  }
  throw new Error('expected the import to be refused');
};

/** A hand-written machine in the style of the Step Functions docs, with our task types as resources. */
const machine = {
  Comment: 'Order\nprocessing',
  QueryLanguage: 'JSONata',
  StartAt: 'Fetch',
  TimeoutSeconds: 300,
  States: {
    Fetch: {
      Type: 'Task',
      Resource: 'flow:fetch_data',
      Arguments: { data_source: 'orders' },
      TimeoutSeconds: 20,
      Retry: [
        {
          ErrorEquals: ['ConnectionTimeout'],
          IntervalSeconds: 2,
          MaxAttempts: 2,
          BackoffRate: 1.5,
          MaxDelaySeconds: 10,
          JitterStrategy: 'FULL',
        },
      ],
      Catch: [
        {
          ErrorEquals: ['States.ALL'],
          Next: 'Gave up',
          Output: { error: '{% $states.errorOutput.Error %}', cause: '{% $states.errorOutput.Cause %}' },
        },
      ],
      Assign: { fetched: '{% $states.result %}' },
      Next: 'Enough?',
    },
    'Enough?': { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n > 1 %}', Next: 'Rest' }], Default: 'Done' },
    Rest: { Type: 'Wait', Seconds: '{% $states.input.n %}', Next: 'Tag' },
    Tag: { Type: 'Pass', Output: { tagged: true }, Next: 'Done' },
    Done: { Type: 'Succeed' },
    'Gave up': { Type: 'Fail', Error: 'Orders.Unavailable', Cause: 'the order source did not answer' },
  },
};

describe('ASL → flow', () => {
  it('reads Task, Choice, Wait, Pass, Succeed and Fail states into a flow the engine routes as the machine does', () => {
    const { flow, warnings } = importAsl(machine);
    expect(flow).toMatchObject({ name: 'Order processing', start_task: 'Fetch', timeout_seconds: 300 });
    expect(flow.id).toMatch(/^asl-[0-9a-f]{12}$/);
    // Fetch's failure has a route of its own (into 'Gave up'), which a choice condition cannot have:
    // the Choice is a noop task after it.
    expect(flow.tasks.map((t) => [t.name, t.task_type])).toEqual([
      ['Fetch', 'fetch_data'],
      ['Enough?', 'noop'],
      ['Rest', 'wait'],
      ['Tag', 'noop'],
    ]);
    expect(flow.tasks[0]).toMatchObject({
      parameters: { data_source: 'orders' },
      timeout_seconds: 20,
      retry: [
        {
          error_equals: ['ConnectionTimeout'],
          interval_seconds: 2,
          max_attempts: 2,
          backoff_rate: 1.5,
          max_delay_seconds: 10,
          jitter: 'FULL',
        },
      ],
      assign: { fetched: '{% $states.result %}' },
    });
    expect(flow.tasks[2]!.parameters).toMatchObject({ seconds: '{% $states.input.n %}' });
    expect(flow.tasks[3]).toMatchObject({ output: { tagged: true } });
    const enough = flow.conditions.find((c) => c.source_task === 'Enough?')!;
    expect(isChoiceCondition(enough) && enough).toMatchObject({
      name: 'Enough?',
      choices: [{ next: 'Rest' }],
      default: 'end',
    });
    // The catch of every error into a Fail state is Fetch's failure side, with that Fail's error and cause.
    expect(nextTransition(flow, 1, { task: 'Fetch', outcome: 'failure', error_code: 'Boom' })).toMatchObject({
      type: 'finish',
      status: 'FAILED',
      reason: 'Orders.Unavailable',
      error: 'the order source did not answer',
    });
    expect(nextTransition(flow, 1, { task: 'Fetch', outcome: 'success' })).toMatchObject({
      type: 'run',
      task: 'Enough?',
    });
    expect(nextTransition(flow, 2, { task: 'Enough?', outcome: 'success', choice: 0 })).toMatchObject({
      type: 'run',
      task: 'Rest',
    });
    expect(nextTransition(flow, 2, { task: 'Enough?', outcome: 'success', choice: 'default' })).toMatchObject({
      type: 'finish',
      status: 'SUCCEEDED',
    });
    expect(nextTransition(flow, 2, { task: 'Rest', outcome: 'success' })).toMatchObject({ type: 'run', task: 'Tag' });
    expect(nextTransition(flow, 3, { task: 'Tag', outcome: 'success' })).toMatchObject({
      type: 'finish',
      status: 'SUCCEEDED',
    });
    expect(warnings).toEqual([]);
  });

  it('makes a Choice reached from several states a noop task of its own', () => {
    const asl = {
      QueryLanguage: 'JSONata',
      StartAt: 'Check',
      States: {
        Check: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n > 5 %}', Next: 'Big' }], Default: 'Grow' },
        Grow: { Type: 'Pass', Output: '{% { "n": $states.input.n + 1 } %}', Next: 'Check' },
        Big: { Type: 'Succeed' },
      },
    };
    const { flow } = importAsl(asl);
    expect(flow.tasks.map((t) => [t.name, t.task_type, t.output])).toEqual([
      ['Check', 'noop', '{% $states.input %}'],
      ['Grow', 'noop', '{% { "n": $states.input.n + 1 } %}'],
    ]);
    expect(nextTransition(flow, 1, { task: 'Check', outcome: 'success', choice: 'default' })).toMatchObject({
      type: 'run',
      task: 'Grow',
    });
    expect(nextTransition(flow, 2, { task: 'Grow', outcome: 'success' })).toMatchObject({ type: 'run', task: 'Check' });
  });

  it('refuses empty Map and Parallel states, unknown types, a JSONPath state in a JSONata machine, other integrations, callbacks and unknown fields, naming each by path', () => {
    const details = problemsOf({
      QueryLanguage: 'JSONata',
      StartAt: 'Fan',
      Version: '1.0',
      Extra: 1,
      States: {
        Fan: { Type: 'Map', ItemProcessor: {}, Next: 'Both' },
        Both: { Type: 'Parallel', Branches: [], Next: 'Odd' },
        Odd: { Type: 'Activity', Next: 'Lambda' },
        Lambda: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:query', Next: 'Sqs' },
        Sqs: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem.waitForTaskToken', Next: 'Old' },
        Old: {
          Type: 'Task',
          Resource: 'flow:noop',
          InputPath: '$.x',
          ResultPath: '$.y',
          HeartbeatSeconds: 5,
          QueryLanguage: 'JSONPath',
          End: true,
        },
        Pick: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'Old' }] },
        Catching: {
          Type: 'Task',
          Resource: 'flow:noop',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Old', ResultPath: '$.e', Output: '{% $states.errorOutput %}' }],
          Next: 'Nowhere',
        },
      },
    });
    expect(details.map((d) => d.path).sort()).toEqual(
      [
        'asl.Extra',
        'asl.States.Fan.ItemProcessor.States',
        'asl.States.Both.Branches',
        'asl.States.Odd.Type',
        'asl.States.Lambda.Resource',
        'asl.States.Sqs.Resource',
        'asl.States.Old.QueryLanguage',
        'asl.States.Pick.Choices[0].Variable',
        'asl.States.Pick.Choices[0].NumericGreaterThan',
        'asl.States.Catching.Catch[0].ResultPath',
        'asl.States.Catching.Next',
      ].sort(),
    );
    expect(details.find((d) => d.path === 'asl.States.Odd.Type')!.message).toBe(
      'state type "Activity" is not supported (Task, Choice, Wait, Pass, Parallel, Map, Succeed and Fail are)',
    );
    expect(details.find((d) => d.path === 'asl.States.Sqs.Resource')!.message).toMatch(/waitForTaskToken/);
  });

  it("names problems the flow validation finds in the definition's terms", () => {
    const details = problemsOf({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      TimeoutSeconds: 0,
      States: {
        A: { Type: 'Task', Resource: 'flow:no_such_type', Next: 'B' },
        B: {
          Type: 'Task',
          Resource: 'flow:noop',
          TimeoutSeconds: -5,
          Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: -1 }],
          Output: '{% $states.input.( %}',
          End: true,
        },
      },
    });
    const paths = details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'asl.TimeoutSeconds',
        'asl.States.A.Resource',
        'asl.States.B.TimeoutSeconds',
        'asl.States.B.Retry[0].MaxAttempts',
        'asl.States.B.Output',
      ]),
    );
  });

  it('refuses what a flow cannot say, rather than running something else', () => {
    const details = problemsOf({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: {
          Type: 'Task',
          Resource: 'flow:noop',
          Catch: [{ ErrorEquals: ['ConnectionTimeout'], Next: 'Oops' }],
          Next: 'end',
        },
        B: { Type: 'Task', Resource: 'flow:noop', End: true },
        end: { Type: 'Task', Resource: 'flow:noop', Next: 'B' },
        Oops: { Type: 'Fail', Error: 'Fixed' },
      },
    });
    // (A catcher into a Fail state of a fixed Error is read: that Fail raises its error as a task.)
    expect(details.map((d) => d.path).sort()).toEqual(['asl.States.A.Next']);
  });

  it('reads the task runner back, and refuses templates that read the Lambda envelope around its Payload', () => {
    const runner = (extra: Record<string, unknown>) => ({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: {
            FunctionName: 'runner',
            Payload: { task_type: 'print', parameters: { message: '{% "" %}' }, input: '{% $states.input %}' },
          },
          End: true,
          ...extra,
        },
      },
    });
    const { flow } = importAsl(
      runner({ Output: '{% $states.result.Payload.message %}', Assign: { m: '{% $states.result.Payload %}' } }),
    );
    expect(flow.tasks[0]).toMatchObject({
      task_type: 'print',
      parameters: { message: '' },
      output: '{% $states.result.message %}',
      assign: { m: '{% $states.result %}' },
    });
    expect(problemsOf(runner({ Output: '{% $states.result.StatusCode %}' })).map((d) => d.path)).toEqual([
      'asl.States.A.Output',
    ]);
  });

  it('accepts the execution name beside asl and input, and nothing else', () => {
    const simple = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: 'flow:noop', End: true } },
    };
    expect(importAsl(simple, { name: 'nightly-1' }).name).toBe('nightly-1');
    expect(problemsOf(simple, { flow: {} }).map((d) => d.path)).toEqual(['flow']);
  });

  it('is only read where asked for: elsewhere `asl` is an unknown field of a bare flow', () => {
    expect(() => parseFlowRequest({ asl: {}, input: {} }, registry)).toThrow(/flow is invalid/);
  });

  it('sent bare where a state machine is read, is refused naming its fields and saying to wrap it in { "asl": … }', () => {
    const bare = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: 'flow:noop', End: true } },
    };
    let refused: unknown;
    try {
      parseFlowRequest(bare, registry, { asl: true });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).message).toBe(
      'the body is a state machine: send it as { "asl": <the state machine>, "input": {…} }',
    );
    expect((refused as ValidationError).details).toEqual([
      {
        path: 'StartAt',
        message: `'StartAt' is a field of a Step Functions state machine: send a state machine wrapped, as { "asl": <the state machine>, "input": {…} }`,
      },
      {
        path: 'States',
        message: `'States' is a field of a Step Functions state machine: send a state machine wrapped, as { "asl": <the state machine>, "input": {…} }`,
      },
    ]);
    // One field is enough to tell; a flow with a stray field of that name is read as a flow.
    expect(bareStateMachineProblems({ States: {} }).map((d) => d.path)).toEqual(['States']);
    expect(bareStateMachineProblems({ ...bare, tasks: [] })).toEqual([]);
    expect(bareStateMachineProblems({ flow: bare })).toEqual([]);
    expect(bareStateMachineProblems([bare])).toEqual([]);
    // Wrapped, it runs.
    expect(importAsl(bare).flow.start_task).toBe('A');
  });
});
