import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { ValidationError } from '../../src/domain/errors';
import { LIMITS } from '../../src/domain/limits';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { childHead } from '../../src/service/fan-out-children';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { runMachine } from '../support/asl-machine-runner';
import { EngineDriver } from '../support/engine-driver';

/**
 * What a map iteration or parallel branch sees of the flows around it (docs/fan-out.md, "What a
 * child sees"): the parent's variables, read-only, and the top execution's `$$.Execution`.
 */
const machine = (states: Record<string, unknown>, startAt = Object.keys(states)[0]!) => ({
  QueryLanguage: 'JSONata',
  StartAt: startAt,
  States: states,
});

const branch = (states: Record<string, unknown>) => ({ StartAt: Object.keys(states)[0]!, States: states });
const processor = (states: Record<string, unknown>) => ({ ProcessorConfig: { Mode: 'INLINE' }, ...branch(states) });

describe("a map's iterations and a parallel's branches read the parent's variables", () => {
  it('an Assign before a Map is read in every iteration, those a finished sibling starts included', async () => {
    const execution = await runMachine(
      machine({
        Rates: { Type: 'Pass', Assign: { rate: 3, unit: 'kg' }, Next: 'Each' },
        Each: {
          Type: 'Map',
          Items: [1, 2, 3],
          // One at a time: items 2 and 3 are started by the invocation that ended the item before.
          MaxConcurrency: 1,
          ItemProcessor: processor({
            Weigh: { Type: 'Pass', Output: "{% $string($states.input * $rate) & ' ' & $unit %}", End: true },
          }),
          End: true,
        },
      }),
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual(['3 kg', '6 kg', '9 kg']);
  });

  it("a Parallel branch reads a parent variable in its templates and in a Choice's conditions", async () => {
    const execution = await runMachine(
      machine({
        Set: { Type: 'Pass', Assign: { greeting: 'hello', limit: 7 }, Next: 'Both' },
        Both: {
          Type: 'Parallel',
          Branches: [
            branch({ Say: { Type: 'Pass', Output: "{% $greeting & ' left' %}", End: true } }),
            branch({
              Pick: {
                Type: 'Choice',
                Choices: [{ Condition: '{% $limit > 5 %}', Next: 'Big' }],
                Default: 'Small',
              },
              Big: { Type: 'Pass', Output: "{% 'big ' & $string($limit) %}", End: true },
              Small: { Type: 'Pass', Output: 'small', End: true },
            }),
          ],
          End: true,
        },
      }),
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual(['hello left', 'big 7']);
  });

  it("a child's Assign stays in the child: no sibling sees it, and the parent after the join keeps its own", async () => {
    const execution = await runMachine(
      machine({
        Start: { Type: 'Pass', Assign: { base: 1 }, Next: 'Each' },
        Each: {
          Type: 'Map',
          Items: [10, 20],
          MaxConcurrency: 1,
          ItemProcessor: processor({
            Mark: {
              Type: 'Pass',
              Assign: { mine: '{% $states.input + $base %}', sawOne: '{% $exists($mine) %}' },
              Next: 'Report',
            },
            Report: { Type: 'Pass', Output: '{% { "mine": $mine, "sawOne": $sawOne } %}', End: true },
          }),
          Next: 'After',
        },
        After: {
          Type: 'Pass',
          Output: '{% { "items": $states.input, "base": $base, "mine": $exists($mine) } %}',
          End: true,
        },
      }),
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual({
      items: [
        { mine: 11, sawOne: false },
        { mine: 21, sawOne: false },
      ],
      base: 1,
      mine: false,
    });
    expect([...(execution.state.variables ?? [])]).toEqual([['base', 1]]);
  });

  it('a map nested in a parallel branch reads the variables of both flows around it', async () => {
    const execution = await runMachine(
      machine({
        Top: { Type: 'Pass', Assign: { top: 'T' }, Next: 'Both' },
        Both: {
          Type: 'Parallel',
          Branches: [
            branch({
              Mid: { Type: 'Pass', Assign: { mid: 'M' }, Next: 'Each' },
              Each: {
                Type: 'Map',
                Items: ['a', 'b'],
                ItemProcessor: processor({
                  Leaf: { Type: 'Pass', Output: '{% $top & $mid & $states.input %}', End: true },
                }),
                End: true,
              },
            }),
          ],
          End: true,
        },
      }),
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual([['TMa', 'TMb']]);
  });

  it(`fails the fan-out at its entry with States.DataLimitExceeded when the variables are over ${LIMITS.maxFanOutVariablesBytes} bytes`, async () => {
    const d = new EngineDriver();
    const execution = await runMachine(
      machine({
        Big: {
          Type: 'Pass',
          Assign: { big: `{% $pad('', ${LIMITS.maxFanOutVariablesBytes + 1}, 'x') %}` },
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          Items: [1],
          ItemProcessor: processor({ Leaf: { Type: 'Pass', End: true } }),
          End: true,
        },
      }),
      {},
      d,
    );
    expect(execution.status).toBe('FAILED');
    expect(execution.reason).toBe('States.DataLimitExceeded');
    expect(execution.error).toContain(`over the limit of ${LIMITS.maxFanOutVariablesBytes}`);
    // Refused before any child started.
    expect(await d.deps.store.loadChildren(execution.execution_id, 2, [0])).toEqual(new Map());
  });
});

describe("inside a child, $$.Execution is the top execution's", () => {
  it('$states.context.Execution.Id, .Name, .StartTime and .Input in an iteration are the execution a caller started', async () => {
    const input = { order: 'A-1', lines: [5, 6] };
    const execution = await runMachine(
      machine({
        Each: {
          Type: 'Map',
          Items: '{% $states.input.lines %}',
          ItemProcessor: processor({
            Look: {
              Type: 'Pass',
              Output: `{% {
                "id": $states.context.Execution.Id,
                "name": $states.context.Execution.Name,
                "start": $states.context.Execution.StartTime,
                "input": $states.context.Execution.Input,
                "state": $states.context.State.Name
              } %}`,
              End: true,
            },
          }),
          End: true,
        },
      }),
      input,
    );
    expect(execution.status).toBe('SUCCEEDED');
    const top = {
      id: execution.execution_id,
      name: execution.execution_id,
      start: execution.started_at,
      input,
      // $states.context.State stays the child's own.
      state: 'Look',
    };
    expect(execution.state.data).toEqual([top, top]);
  });

  it("$$.Execution.Id and $$.Execution.Input in a JSONPath iteration, two fan-outs deep, are the top execution's", async () => {
    const input = { groups: [[1], [2]] };
    const execution = await runMachine(
      {
        StartAt: 'Outer',
        States: {
          Outer: {
            Type: 'Map',
            ItemsPath: '$.groups',
            ItemProcessor: processor({
              Inner: {
                Type: 'Map',
                ItemProcessor: processor({
                  Look: {
                    Type: 'Pass',
                    Parameters: { 'id.$': '$$.Execution.Id', 'input.$': '$$.Execution.Input', 'item.$': '$' },
                    End: true,
                  },
                }),
                End: true,
              },
            }),
            End: true,
          },
        },
      },
      input,
    );
    expect(execution.status).toBe('SUCCEEDED');
    const id = execution.execution_id;
    expect(execution.state.data).toEqual([[{ id, input, item: 1 }], [{ id, input, item: 2 }]]);
    // The children keep their own ids: only what they read as $$.Execution is the top's.
    expect(childExecutionId(id, 1, 0)).not.toBe(id);
  });
});

describe("a branch or item processor assigning an enclosing flow's variable", () => {
  const flow = (inner: Record<string, unknown>) => ({
    id: 'scoped',
    name: 'Scoped',
    start_task: 'set',
    tasks: [
      { name: 'set', task_type: 'noop', assign: { total: 1 } },
      {
        name: 'each',
        task_type: 'map',
        items: [1, 2],
        item_processor: { start_task: 'work', tasks: [{ name: 'work', task_type: 'noop', ...inner }], conditions: [] },
      },
    ],
    conditions: [
      { name: 'go', source_task: 'set', outcome: 'success', target_task_success: 'each', target_task_failure: 'fail' },
    ],
  });
  const problems = (body: unknown) => {
    try {
      parseFlowRequest(body, defaultRegistry());
    } catch (error) {
      if (error instanceof ValidationError) return error.details;
      throw error;
    }
    return [];
  };

  it('is refused at submission, naming the field, as Step Functions refuses an inner state assigning an outer variable', () => {
    expect(problems({ flow: flow({ assign: { total: 2, own: 3 } }) })).toEqual([
      {
        path: 'flow.tasks[1].item_processor.tasks[0].assign.total',
        message: expect.stringContaining("'total' is a variable of an enclosing flow (assigned by task 'set')"),
      },
    ]);
  });

  it("is refused in a state machine too, named by the inner state's Assign", async () => {
    const asl = machine({
      Set: { Type: 'Pass', Assign: { total: 1 }, Next: 'Both' },
      Both: {
        Type: 'Parallel',
        Branches: [branch({ Inner: { Type: 'Pass', Assign: { total: 2 }, End: true } })],
        End: true,
      },
    });
    const refused = await runMachine(asl).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).details).toEqual([
      {
        path: 'asl.States.Both.Branches[0].States.Inner.Assign.total',
        message: expect.stringContaining("'total' is a variable of an enclosing flow"),
      },
    ]);
  });

  it("is refused for a JSONPath state's Assign and a catcher's, inside, however they assign it", async () => {
    const asl = {
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { 'total.$': '$.n' }, Next: 'Both' },
        Both: {
          Type: 'Parallel',
          Branches: [
            branch({
              Inner: {
                Type: 'Task',
                Resource: 'flow:noop',
                Assign: { 'total.$': '$.n' },
                Catch: [{ ErrorEquals: ['States.ALL'], Assign: { total: 0 }, Next: 'Done' }],
                Next: 'Done',
              },
              Done: { Type: 'Succeed' },
            }),
          ],
          End: true,
        },
      },
    };
    const refused = await runMachine(asl, { n: 1 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).details!.map((d) => d.path)).toEqual([
      'asl.States.Both.Branches[0].States.Inner.Assign.total.$',
      'asl.States.Both.Branches[0].States.Inner.Catch[0].Assign.total',
    ]);
  });

  it("a name no enclosing flow assigns is the child's own: accepted", () => {
    expect(problems({ flow: flow({ assign: { own: 3 } }) })).toEqual([]);
  });
});

describe("a child's head as it starts", () => {
  const start = (assign: Record<string, unknown> | undefined) =>
    childHead(
      {
        parent: { execution_id: 'order-1', flow_id: 'f', max_steps: 100 },
        fanOut: { seq: 2, generation: 0 },
        index: 0,
        slot: 0,
        subFlow: {
          id: 'each',
          name: 'each',
          max_steps: 100,
          start_task: 'work',
          tasks: [{ name: 'work', task_type: 'noop', parameters: {}, ...(assign && { assign }) }],
          conditions: [],
        },
        subFlowHash: 'h',
        input: { n: 1 },
        scope: {
          variables: new Map<string, unknown>([
            ['rate', 2],
            ['total', 1],
          ]),
          execution: { id: 'order-1', started_at: '2026-12-07T08:00:00.000Z', input: { lines: [1] } },
        },
      },
      '2026-12-07T08:00:01.000Z',
    );

  it("carries the parent's variables and the top execution in its state", () => {
    expect(start(undefined).state).toMatchObject({
      input: { n: 1 },
      variables: new Map<string, unknown>([
        ['rate', 2],
        ['total', 1],
      ]),
      outer: {
        execution: { id: 'order-1', started_at: '2026-12-07T08:00:00.000Z', input: { lines: [1] } },
        variables: ['rate', 'total'],
      },
    });
  });

  it('leaves out a name its sub-flow assigns itself (a sub-flow saved before submission refused that), so no sibling takes the value', () => {
    const { state } = start({ total: '{% 5 %}' });
    expect(state.variables).toEqual(new Map([['rate', 2]]));
    expect(state.outer?.variables).toEqual(['rate']);
  });
});
