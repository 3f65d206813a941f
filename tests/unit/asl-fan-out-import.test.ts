import { AslImportError } from '../../src/asl/asl-errors';
import { aslRequestToFlowRequest } from '../../src/asl/import';
import type { ErrorDetail } from '../../src/domain/errors';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';

const registry = defaultRegistry();

/** What an imported state machine validates to (the fan-out gate aside), with the import's and the validation's warnings. */
function imported(asl: unknown) {
  const translation = aslRequestToFlowRequest({ asl, input: {} });
  const validated = parseFlowRequest(translation.request, registry);
  return {
    flow: validated.flow,
    warnings: [...translation.warnings, ...validated.warnings.map((w) => ({ ...w, path: translation.pathOf(w.path) }))],
  };
}

/** Every problem the import (as the API runs it) answers with; none when it is accepted. */
function problemsOf(asl: unknown): ErrorDetail[] {
  try {
    parseFlowRequest({ asl, input: {} }, registry, { asl: true });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(AslImportError);
    return (error as AslImportError).details!;
  }
}

const machine = (States: Record<string, unknown>, StartAt = Object.keys(States)[0]!) => ({
  QueryLanguage: 'JSONata',
  StartAt,
  States,
});
const sub = (States: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  StartAt: Object.keys(States)[0]!,
  States,
  ...extra,
});
const noop = (next?: string) => ({ Type: 'Task', Resource: 'flow:noop', ...(next ? { Next: next } : { End: true }) });

const parallelState = {
  Type: 'Parallel',
  Comment: 'both at once',
  Arguments: { order: '{% $states.input.order %}' },
  Branches: [sub({ charge: noop('receipt'), receipt: noop() }), sub({ ship: noop() }, { Comment: 'shipping' })],
  Output: '{% $states.result[0] %}',
  Assign: { both: '{% $states.result %}' },
  Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
  Catch: [
    {
      ErrorEquals: ['States.ALL'],
      Next: 'Recover',
      Output: { error: '{% $states.errorOutput.Error %}', cause: '{% $states.errorOutput.Cause %}' },
    },
  ],
  TimeoutSeconds: 600,
  Next: 'Done',
};

const mapState = {
  Type: 'Map',
  Items: '{% $states.input.orders %}',
  ItemSelector: { order: '{% $states.context.Map.Item.Value %}', index: '{% $states.context.Map.Item.Index %}' },
  ItemProcessor: {
    ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
    StartAt: 'work',
    States: { work: noop() },
  },
  MaxConcurrency: 5,
  ToleratedFailurePercentage: 10,
  ToleratedFailureCount: 2,
  Label: 'orders',
  End: true,
};

describe('Parallel and Map states → parallel and map tasks', () => {
  it('reads a Parallel state: branches as sub-flows, Arguments, Output, Assign, Retry, Catch, TimeoutSeconds, Next', () => {
    const { flow, warnings } = imported(machine({ Both: parallelState, Recover: noop(), Done: { Type: 'Succeed' } }));
    const both = flow.tasks[0]!;
    expect(both).toMatchObject({
      name: 'Both',
      description: 'both at once',
      task_type: 'parallel',
      arguments: { order: '{% $states.input.order %}' },
      output: '{% $states.result[0] %}',
      assign: { both: '{% $states.result %}' },
      timeout_seconds: 600,
      retry: [expect.objectContaining({ error_equals: ['States.ALL'], max_attempts: 2 })],
      catch: [{ error_equals: ['States.ALL'], next: 'Recover' }],
    });
    expect(both.fan_out).toEqual({
      kind: 'parallel',
      branches: [
        {
          start_task: 'charge',
          tasks: [
            expect.objectContaining({ name: 'charge', task_type: 'noop' }),
            expect.objectContaining({ name: 'receipt', task_type: 'noop' }),
          ],
          conditions: [],
        },
        { start_task: 'ship', tasks: [expect.objectContaining({ name: 'ship' })], conditions: [] },
      ],
    });
    // Next: 'Done' (a Succeed state) after Both, though Recover comes next in the list.
    expect(flow.conditions).toEqual([
      expect.objectContaining({ source_task: 'Both', outcome: 'success', target_task_success: 'end' }),
    ]);
    expect(warnings).toContainEqual({
      path: 'asl.States.Both.Branches[1].Comment',
      message: 'a sub-flow has no description: the Comment is left out',
    });
  });

  it('reads a Map state: Items, ItemSelector, MaxConcurrency, tolerated failures, either mode; Label and ExecutionType with a warning', () => {
    const { flow, warnings } = imported(machine({ Each: mapState }));
    expect(flow.tasks[0]).toMatchObject({ name: 'Each', task_type: 'map', parameters: {} });
    expect(flow.tasks[0]!.fan_out).toEqual({
      kind: 'map',
      items: '{% $states.input.orders %}',
      item_selector: mapState.ItemSelector,
      max_concurrency: 5,
      tolerance: { count: 2, percentage: 10 },
      item_processor: { start_task: 'work', tasks: [expect.objectContaining({ name: 'work' })], conditions: [] },
    });
    expect(warnings).toEqual(
      expect.arrayContaining([
        { path: 'asl.States.Each.Label', message: expect.stringMatching(/Label is left out/) },
        {
          path: 'asl.States.Each.ItemProcessor.ProcessorConfig.ExecutionType',
          message: expect.stringMatching(/ExecutionType is left out/),
        },
      ]),
    );
    const inline = imported(
      machine({
        Each: { ...mapState, ItemProcessor: { ...mapState.ItemProcessor, ProcessorConfig: { Mode: 'INLINE' } } },
      }),
    );
    expect(inline.flow.tasks[0]!.fan_out).toEqual(flow.tasks[0]!.fan_out);
  });

  it('reads Arguments, Output, Assign, Retry and Catch on a Map state as on a Task', () => {
    const { flow } = imported(
      machine({
        Each: {
          ...mapState,
          Arguments: { orders: '{% $states.input.list %}' },
          Output: '{% $count($states.result) %}',
          Assign: { done: true },
          Retry: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], MaxAttempts: 1 }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover', Output: parallelState.Catch[0]!.Output }],
        },
        Recover: noop(),
      }),
    );
    expect(flow.tasks[0]).toMatchObject({
      task_type: 'map',
      arguments: { orders: '{% $states.input.list %}' },
      output: '{% $count($states.result) %}',
      assign: { done: true },
      retry: [expect.objectContaining({ error_equals: ['States.ExceedToleratedFailureThreshold'] })],
      catch: [{ error_equals: ['States.ALL'], next: 'Recover' }],
    });
  });

  it('reads the older Iterator as the item processor, and a percentage written as an expression of a number', () => {
    const { ItemProcessor: _processor, Label: _label, ...rest } = mapState;
    const { flow } = imported(
      machine({ Each: { ...rest, ToleratedFailurePercentage: '{% 2.5 %}', Iterator: sub({ work: noop() }) } }),
    );
    expect(flow.tasks[0]!.fan_out).toMatchObject({
      kind: 'map',
      tolerance: { count: 2, percentage: 2.5 },
      item_processor: { start_task: 'work' },
    });
  });

  it('translates map in parallel in map, each sub-flow with routing of its own', () => {
    const inner = { Type: 'Map', ItemProcessor: sub({ leaf: noop() }), End: true };
    const branch = sub({
      'check?': { Type: 'Task', Resource: 'flow:noop', Next: 'route' },
      route: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.deep %}', Next: 'Inner' }], Default: 'Stop' },
      Inner: inner,
      Stop: { Type: 'Fail', Error: 'Branch.Stopped' },
    });
    const outer = {
      Type: 'Map',
      ItemProcessor: sub({ Both: { Type: 'Parallel', Branches: [branch], End: true } }),
      End: true,
    };
    const { flow } = imported(machine({ Outer: outer }));
    const both = (flow.tasks[0]!.fan_out as { item_processor: { tasks: Array<{ fan_out: unknown }> } }).item_processor
      .tasks[0]!;
    expect(both.fan_out).toEqual({
      kind: 'parallel',
      branches: [
        {
          start_task: 'check?',
          tasks: [
            expect.objectContaining({ name: 'check?' }),
            expect.objectContaining({
              name: 'Inner',
              task_type: 'map',
              fan_out: expect.objectContaining({
                kind: 'map',
                item_processor: expect.objectContaining({ start_task: 'leaf' }),
              }),
            }),
          ],
          conditions: [
            expect.objectContaining({
              name: 'route',
              source_task: 'check?',
              choices: [{ condition: '{% $states.input.deep %}', next: 'Inner' }],
              default: 'fail',
              error: 'Branch.Stopped',
            }),
          ],
        },
      ],
    });
  });

  it('is accepted with its map and parallel states, nested ones included', () => {
    const inner = { Type: 'Map', ItemProcessor: sub({ leaf: noop() }), End: true };
    const asl = machine({
      Both: { Type: 'Parallel', Branches: [sub({ first: noop() }), sub({ Inner: inner })], End: true },
    });
    expect(problemsOf(asl)).toEqual([]);
  });

  it("names the flow validation's problems inside branches and item processors by the definition's paths", () => {
    const asl = machine({
      Both: {
        Type: 'Parallel',
        Branches: [
          sub({
            bad: {
              Type: 'Task',
              Resource: 'flow:no_such_type',
              Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: -1 }],
              End: true,
            },
          }),
        ],
        Next: 'Each',
      },
      Each: {
        Type: 'Map',
        Items: 'not an expression',
        MaxConcurrency: '{% $states.input.n %}',
        ToleratedFailurePercentage: 150,
        Iterator: sub({
          Deeper: {
            Type: 'Map',
            ItemProcessor: sub({
              Deepest: {
                Type: 'Map',
                ItemProcessor: sub({ Too: { Type: 'Map', ItemProcessor: sub({ x: noop() }), End: true } }),
                End: true,
              },
            }),
            End: true,
          },
        }),
        End: true,
      },
    });
    const paths = problemsOf(asl).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'asl.States.Both.Branches[0].States.bad.Resource',
        'asl.States.Both.Branches[0].States.bad.Retry[0].MaxAttempts',
        'asl.States.Each.Items',
        'asl.States.Each.MaxConcurrency',
        'asl.States.Each.ToleratedFailurePercentage',
        'asl.States.Each.Iterator.States.Deeper.ItemProcessor.States.Deepest.ItemProcessor.States.Too.Type',
      ]),
    );
    expect(paths.every((path) => path.startsWith('asl.States.'))).toBe(true);
  });

  it.each([
    [
      'ItemReader',
      { Resource: 'arn:aws:states:::s3:getObject' },
      'ItemReader (S3) is not supported: pass the items in the input (or give them in Items)',
    ],
    [
      'ResultWriter',
      { Resource: 'arn:aws:states:::s3:putObject' },
      /ResultWriter \(S3\) is not supported: .* set write_results: true on the imported map/,
    ],
    ['ItemBatcher', { MaxItemsPerBatch: 10 }, /ItemBatcher is not supported/],
    ['MaxConcurrencyPath', '$.n', /MaxConcurrencyPath \(JSONPath\) is not supported/],
    ['ToleratedFailurePercentagePath', '$.p', /ToleratedFailurePercentagePath \(JSONPath\) is not supported/],
    ['ToleratedFailureCountPath', '$.c', /ToleratedFailureCountPath \(JSONPath\) is not supported/],
    ['ItemsPath', '$.orders', "'ItemsPath' is not supported on a Map state"],
    ['ResultPath', '$.out', "'ResultPath' is not supported on a Map state"],
  ])('refuses %s on a Map state, naming it', (field, value, message) => {
    const details = problemsOf(machine({ Each: { ...mapState, [field]: value } }));
    expect(details).toEqual([
      {
        path: `asl.States.Each.${field}`,
        message: expect.stringMatching(message instanceof RegExp ? message : escape(message)),
      },
    ]);
  });

  it('refuses JSONPath-mode, empty, malformed or misplaced parts of Parallel and Map states by path', () => {
    const details = problemsOf(
      machine({
        Both: {
          Type: 'Parallel',
          QueryLanguage: 'JSONPath',
          Branches: [sub({ a: noop() }), 'x', { StartAt: 'nowhere', States: { a: noop() }, Extra: 1 }],
          Next: 'None',
        },
        Empty: { Type: 'Parallel', Branches: [], End: true },
        Each: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'SIDEWAYS', ExecutionType: 'FAST', Other: 1 },
            StartAt: 'w',
            States: { w: { Type: 'Task', Resource: 'flow:noop', Next: 'Both' } },
          },
          End: true,
        },
        Two: { Type: 'Map', ItemProcessor: sub({ w: noop() }), Iterator: sub({ w: noop() }), End: true },
        None: { Type: 'Map', End: true },
      }),
    );
    expect(details).toEqual(
      expect.arrayContaining([
        { path: 'asl.States.Both.QueryLanguage', message: expect.stringMatching(/must be 'JSONata'/) },
        { path: 'asl.States.Both.Branches[1]', message: 'must be a JSON object' },
        { path: 'asl.States.Both.Branches[2].StartAt', message: "names no state 'nowhere'" },
        { path: 'asl.States.Both.Branches[2].Extra', message: "'Extra' is not supported on a branch" },
        { path: 'asl.States.Empty.Branches', message: expect.stringMatching(/at least one branch/) },
        { path: 'asl.States.Each.ItemProcessor.ProcessorConfig.Mode', message: 'must be one of INLINE, DISTRIBUTED' },
        {
          path: 'asl.States.Each.ItemProcessor.ProcessorConfig.ExecutionType',
          message: 'must be one of STANDARD, EXPRESS',
        },
        {
          path: 'asl.States.Each.ItemProcessor.ProcessorConfig.Other',
          message: "'Other' is not supported on a ProcessorConfig",
        },
        // A branch's states are a scope of their own: they cannot hand on to the machine's.
        { path: 'asl.States.Each.ItemProcessor.States.w.Next', message: "names no state 'Both'" },
        {
          path: 'asl.States.Two.Iterator',
          message: expect.stringMatching(/exactly one of ItemProcessor and Iterator/),
        },
        {
          path: 'asl.States.None.ItemProcessor',
          message: expect.stringMatching(/exactly one of ItemProcessor and Iterator/),
        },
      ]),
    );
  });
});

function escape(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
