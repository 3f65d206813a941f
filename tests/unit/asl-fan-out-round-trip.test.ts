import { AslNotExpressibleError } from '../../src/asl/asl-errors';
import { flowToAsl } from '../../src/asl/export';
import { aslRequestToFlowRequest } from '../../src/asl/import';
import type { FlowDefinition } from '../../src/domain/flow/flow-definition';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { FAN_OUT_FLOWS } from '../support/fan-out-flows';

const registry = defaultRegistry();
/** What a flow validates to, map and parallel tasks included (the gate that refuses them aside). */
const validated = (body: unknown) => parseFlowRequest(structuredClone(body), registry).flow;
const imported = (asl: unknown) => validated(aslRequestToFlowRequest({ asl: structuredClone(asl), input: {} }).request);
const sameFlow = (back: FlowDefinition, flow: FlowDefinition) => expect({ ...back, id: flow.id }).toEqual(flow);

describe('map and parallel tasks → Parallel and Map states', () => {
  it('exports a parallel task as a Parallel state: branches, Arguments, Output, Assign, Retry, Catch, Comment, Next', () => {
    const { asl, warnings } = flowToAsl(validated(FAN_OUT_FLOWS.parallel));
    expect(asl.States.Both).toEqual({
      Type: 'Parallel',
      Comment: 'charge and ship at once',
      Branches: [
        {
          StartAt: 'charge',
          States: expect.objectContaining({
            charge: expect.objectContaining({ Type: 'Task', Next: 'big?' }),
            'big?': expect.objectContaining({ Type: 'Choice' }),
          }),
        },
        { StartAt: 'ship', States: { ship: expect.objectContaining({ Type: 'Task', End: true }) } },
      ],
      Arguments: { order: '{% $states.input.order %}' },
      Output: '{% $states.result[0] %}',
      Assign: { both: '{% $states.result %}' },
      Retry: [expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 2 })],
      Catch: [expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'recover' })],
      Next: 'done',
    });
    // A branch's transitions stay within it: its own Fail state.
    const branch = (asl.States.Both as { Branches: Array<{ States: Record<string, { Type: string }> }> }).Branches[0]!;
    expect(Object.values(branch.States).map((s) => s.Type)).toContain('Fail');
    expect(warnings).toEqual([
      {
        path: 'flow.tasks[0].timeout_seconds',
        message:
          'Step Functions has no TimeoutSeconds on a Parallel state: the state machine runs it without this bound',
      },
    ]);
  });

  it('exports a map task as an INLINE Map state: Items, ItemSelector, MaxConcurrency, tolerated failures', () => {
    const { asl } = flowToAsl(validated(FAN_OUT_FLOWS.map));
    expect(asl.States.Each).toEqual({
      Type: 'Map',
      Items: '{% $states.input.orders %}',
      ItemSelector: { order: '{% $states.context.Map.Item.Value %}', index: '{% $states.context.Map.Item.Index %}' },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'work',
        States: { work: expect.objectContaining({ Type: 'Task', End: true }) },
      },
      MaxConcurrency: 5,
      // Step Functions' schema takes a whole percentage only: a fraction as an expression of it.
      ToleratedFailurePercentage: '{% 2.5 %}',
      ToleratedFailureCount: 3,
      Output: '{% $count($states.result) %}',
      End: true,
    });
  });

  it('exports map in parallel in map, each sub-flow a machine of its own', () => {
    const { asl, warnings } = flowToAsl(validated(FAN_OUT_FLOWS.nested));
    expect(asl.States.Outer).toMatchObject({
      Type: 'Map',
      Items: [1, 2, 3],
      ItemProcessor: {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'first' },
              {
                StartAt: 'Inner',
                States: {
                  Inner: { Type: 'Map', ToleratedFailurePercentage: 50, ItemProcessor: { StartAt: 'leaf' }, End: true },
                },
              },
            ],
            End: true,
          },
        },
      },
      Next: 'after',
    });
    expect(warnings).toEqual([]);
  });

  it('names states uniquely in the whole machine, branches included, with a warning', () => {
    const work = { start_task: 'work', tasks: [{ name: 'work', task_type: 'noop' }], conditions: [] };
    const { asl, warnings } = flowToAsl(
      validated({
        flow: {
          id: 'p',
          name: 'p',
          start_task: 'Both',
          tasks: [{ name: 'Both', task_type: 'parallel', branches: [work, work] }],
          conditions: [],
        },
      }),
    );
    const both = asl.States.Both as { Branches: Array<{ StartAt: string }> };
    expect(both.Branches.map((b) => b.StartAt)).toEqual(['work', 'work 2']);
    expect(warnings).toEqual([
      {
        path: 'flow.tasks[0].branches[1].tasks[0].name',
        message:
          "state names are unique in the whole state machine, branches included: task 'work' is the state 'work 2'",
      },
    ]);
  });

  it("refuses a map's arguments, which a Map state has no place for", () => {
    const body = structuredClone(FAN_OUT_FLOWS.map);
    (body.flow.tasks[0] as Record<string, unknown>).arguments = { orders: '{% $states.input.list %}' };
    expect(() => flowToAsl(validated(body))).toThrow(AslNotExpressibleError);
    expect(() => flowToAsl(validated(body))).toThrow(/flow\.tasks\[0\]\.arguments: a Map state has no Arguments/);
  });

  it("refuses a map's write_results, which only a ResultWriter to S3 could do in a Map state", () => {
    const body = structuredClone(FAN_OUT_FLOWS.map);
    expect(() => flowToAsl(validated(body))).not.toThrow();
    (body.flow.tasks[0] as Record<string, unknown>).write_results = true;
    expect(() => flowToAsl(validated(body))).toThrow(AslNotExpressibleError);
    expect(() => flowToAsl(validated(body))).toThrow(
      /flow\.tasks\[0\]\.write_results: a Map state writes its results out only to S3/,
    );
  });
});

describe('round trips with map and parallel tasks', () => {
  it.each(Object.keys(FAN_OUT_FLOWS) as Array<keyof typeof FAN_OUT_FLOWS>)(
    '%s: import(export(flow)) is the flow, export(import(export)) the same state machine',
    (name) => {
      const flow = validated(FAN_OUT_FLOWS[name]);
      const { asl } = flowToAsl(flow);
      const back = imported(asl);
      if (name === 'parallel') {
        // A fan-out's timeout has no place in a state machine (the export warned).
        const { timeout_seconds: _timeout, ...rest } = flow.tasks[0]!;
        sameFlow(back, { ...flow, tasks: [rest, ...flow.tasks.slice(1)] });
      } else sameFlow(back, flow);
      expect(flowToAsl(back).asl).toEqual(asl);
    },
  );

  it('reads a hand-written Map (Iterator, DISTRIBUTED) and writes it back as the INLINE ItemProcessor it runs as', () => {
    const asl = {
      QueryLanguage: 'JSONata',
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          Iterator: { StartAt: 'work', States: { work: { Type: 'Task', Resource: 'flow:noop', End: true } } },
          ToleratedFailureCount: 1,
          End: true,
        },
      },
    };
    const exported = flowToAsl(imported(asl)).asl;
    expect(exported.States.Each).toEqual({
      Type: 'Map',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'work',
        States: {
          work: expect.objectContaining({
            Type: 'Task',
            Arguments: expect.objectContaining({ Payload: expect.objectContaining({ task_type: 'noop' }) }),
          }),
        },
      },
      ToleratedFailureCount: 1,
      End: true,
    });
    expect(imported(exported).tasks[0]!.fan_out).toEqual(imported(asl).tasks[0]!.fan_out);
  });
});
