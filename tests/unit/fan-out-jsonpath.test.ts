import type { ErrorDetail } from '../../src/domain/errors';
import { ValidationError } from '../../src/domain/errors';
import { writtenDefinition } from '../../src/domain/flow/written-definition';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { EngineDriver } from '../support/engine-driver';

/**
 * A map's or parallel's `jsonpath` fields (docs/fan-out.md, "JSONPath mode"): Step Functions'
 * InputPath, a Parallel's Parameters, a Map's ItemsPath and ItemSelector, then ResultSelector,
 * ResultPath and OutputPath over the children's outputs, checked at submission and evaluated by
 * the fan-out's step. The examples are the States Language's and AWS's Map state documentation's.
 */

const registry = defaultRegistry();

/** A sub-flow of one task that hands on its input, as a Pass state does. */
const pass = (name: string) => ({
  start_task: name,
  tasks: [{ name, task_type: 'noop', jsonpath: { result_path: null } }],
  conditions: [],
});

const flowWith = (tasks: Array<Record<string, unknown>>, conditions: unknown[] = []) => ({
  id: 'fan-out-jsonpath',
  name: 'Fan-out JSONPath',
  start_task: tasks[0]!.name as string,
  tasks,
  conditions,
});
const then = (source: string, target: string) => ({
  name: `${source}_then`,
  source_task: source,
  outcome: 'success',
  target_task_success: target,
  target_task_failure: 'fail',
});

function problems(flow: unknown): ErrorDetail[] {
  try {
    parseFlowRequest({ flow }, registry);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.details ?? [];
    throw error;
  }
}

async function run(tasks: Array<Record<string, unknown>>, input: unknown, conditions: unknown[] = []) {
  const d = new EngineDriver();
  const id = await d.start(flowWith(tasks, conditions), input);
  await d.drain();
  return { d, id, execution: await d.execution(id) };
}

describe('a map or parallel task’s jsonpath fields at submission', () => {
  const parallel = {
    name: 'both',
    task_type: 'parallel',
    branches: [pass('left'), pass('right')],
    jsonpath: {
      input_path: '$.order',
      parameters: { 'id.$': '$.id', 'who.$': '$$.Execution.Input.customer' },
      result_selector: { 'first.$': '$[0]' },
      result_path: '$.both',
      output_path: '$.both',
    },
  };
  const map = {
    name: 'each',
    task_type: 'map',
    items_path: '$.shipped',
    item_selector: {
      'parcel.$': '$$.Map.Item.Value',
      'courier.$': '$.delivery-partner',
      'n.$': 'States.MathAdd($$.Map.Item.Index, 1)',
    },
    item_processor: pass('validate'),
    jsonpath: { input_path: '$.detail', result_path: '$.detail.shipped' },
  };

  it('accepts paths, payload templates and intrinsic functions, and stores them as written', () => {
    for (const task of [parallel, map]) {
      const flow = flowWith([task]);
      expect(problems(flow)).toEqual([]);
      const parsed = parseFlowRequest({ flow }, registry).flow;
      // What is shown of a stored flow validates back to the same definition.
      expect(parseFlowRequest({ flow: writtenDefinition(parsed) }, registry).flow).toEqual(parsed);
    }
    const { fan_out } = parseFlowRequest({ flow: flowWith([map]) }, registry).flow.tasks[0]!;
    expect(fan_out).toMatchObject({ kind: 'map', items_path: '$.shipped', item_selector: map.item_selector });
  });

  it('refuses the JSONata fields beside jsonpath, naming each', () => {
    const jsonata = { items: '{% $states.input %}', arguments: {}, output: '{% 1 %}', assign: { n: 1 } };
    expect(problems(flowWith([{ ...map, ...jsonata }]))).toEqual(
      expect.arrayContaining([
        { path: 'flow.tasks[0].items', message: expect.stringContaining('give items (JSONata) or jsonpath') },
        { path: 'flow.tasks[0].arguments', message: expect.stringContaining('give arguments (JSONata) or jsonpath') },
        { path: 'flow.tasks[0].output', message: expect.stringContaining('give output (JSONata) or jsonpath') },
        { path: 'flow.tasks[0].assign', message: expect.stringContaining('give assign (JSONata) or jsonpath') },
      ]),
    );
    expect(problems(flowWith([{ ...map, jsonpath: { parameters: { 'a.$': '$.a' } } }]))).toEqual([
      {
        path: 'flow.tasks[0].jsonpath.parameters',
        message: "a map builds each iteration's input with item_selector (ItemSelector), not jsonpath.parameters",
      },
    ]);
  });

  it('names each problem of items_path and item_selector by its path', () => {
    expect(
      problems(
        flowWith([
          {
            ...map,
            items_path: '$.shipped[*]',
            item_selector: { 'n.$': 5, 'f.$': "States.Format('{}'", 'w.$': 'hello', 'p.$': '$.a[' },
          },
        ]),
      ),
    ).toEqual(
      expect.arrayContaining([
        { path: 'flow.tasks[0].items_path', message: expect.stringContaining('must be a reference path') },
        { path: 'flow.tasks[0].item_selector.n.$', message: expect.stringContaining('must be a path') },
        { path: 'flow.tasks[0].item_selector.f.$', message: expect.any(String) },
        { path: 'flow.tasks[0].item_selector.w.$', message: expect.stringContaining('intrinsic function') },
        { path: 'flow.tasks[0].item_selector.p.$', message: expect.stringContaining('$.a[') },
      ]),
    );
    expect(problems(flowWith([{ ...map, item_selector: '{% $states.input %}' }]))).toEqual([
      {
        path: 'flow.tasks[0].item_selector',
        message: 'with jsonpath, item_selector must be a payload template (a JSON object), not an expression',
      },
    ]);
    expect(problems(flowWith([{ ...map, items_path: 3 }]))).toEqual([
      { path: 'flow.tasks[0].items_path', message: expect.stringContaining('items_path must be a JSONPath string') },
    ]);
  });

  it('takes items_path only on a map in JSONPath mode', () => {
    const { jsonpath: _jsonpath, item_selector: _selector, ...jsonataMap } = map;
    expect(problems(flowWith([jsonataMap]))).toEqual([
      {
        path: 'flow.tasks[0].items_path',
        message: 'items_path is JSONPath (ItemsPath): give it with jsonpath, or give items (JSONata)',
      },
    ]);
    expect(problems(flowWith([{ ...parallel, items_path: '$.list' }]))).toEqual([
      { path: 'flow.tasks[0].items_path', message: "items_path is only for task_type 'map'" },
    ]);
  });
});

describe('a parallel task in JSONPath mode', () => {
  it('gives every branch the parameters built from its input, and places the selected result in its input', async () => {
    const { d, id, execution } = await run(
      [
        {
          name: 'both',
          task_type: 'parallel',
          branches: [
            pass('left'),
            {
              start_task: 'shout',
              tasks: [{ name: 'shout', task_type: 'noop', output: '{% $states.input.id & "!" %}' }],
              conditions: [],
            },
          ],
          jsonpath: {
            input_path: '$.order',
            parameters: { 'id.$': '$.id', 'who.$': '$$.Execution.Input.customer', fixed: true },
            result_selector: { 'first.$': '$[0]', 'second.$': '$[1]', 'count.$': 'States.ArrayLength($)' },
            result_path: '$.both',
          },
        },
      ],
      { order: { id: 'A-1', qty: 2 }, customer: 'Ada' },
    );
    const branchInput = { id: 'A-1', who: 'Ada', fixed: true };
    for (const i of [0, 1]) expect((await d.execution(childExecutionId(id, 1, i))).state.input).toEqual(branchInput);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual({
      order: { id: 'A-1', qty: 2 },
      customer: 'Ada',
      both: { first: branchInput, second: 'A-1!', count: 2 },
    });
  });

  it('fails with States.IntrinsicFailure when its parameters cannot be built, before any branch starts', async () => {
    const { d, id, execution } = await run(
      [
        {
          name: 'both',
          task_type: 'parallel',
          branches: [pass('left')],
          jsonpath: { parameters: { 'x.$': 'States.ArrayGetItem($.list, 9)' } },
        },
      ],
      { list: [1, 2] },
    );
    expect(execution).toMatchObject({ status: 'FAILED', reason: 'States.IntrinsicFailure' });
    await expect(d.execution(childExecutionId(id, 1, 0))).rejects.toThrow('no execution');
  });
});

describe('a map task in JSONPath mode', () => {
  // The States Language's Map state example ("Map State", ItemSelector), its input as written there.
  const shipped = [
    { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
    { prod: 'S39', 'dest-code': 9511, quantity: 40 },
    { prod: 'R31', 'dest-code': 9833, quantity: 12 },
    { prod: 'R40', 'dest-code': 9860, quantity: 887 },
    { prod: 'R40', 'dest-code': 9511, quantity: 1220 },
  ];
  const shipment = { 'ship-date': '2016-03-14T01:59:00Z', detail: { 'delivery-partner': 'UQS', shipped } };
  const validateAll = (extra: Record<string, unknown> = {}) => ({
    name: 'validate_all',
    task_type: 'map',
    items_path: '$.shipped',
    max_concurrency: 0,
    item_selector: { 'parcel.$': '$$.Map.Item.Value', 'courier.$': '$.delivery-partner' },
    item_processor: pass('validate'),
    jsonpath: { input_path: '$.detail', result_path: '$.detail.shipped' },
    ...extra,
  });

  it('runs the States Language’s example: items from ItemsPath after InputPath, each built by ItemSelector, the results placed by ResultPath', async () => {
    const { d, id, execution } = await run([validateAll()], shipment);
    // "the raw input to one iteration, as specified by ItemSelector"
    expect((await d.execution(childExecutionId(id, 1, 0))).state.input).toEqual({
      parcel: { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
      courier: 'UQS',
    });
    // "the output being the same as the input, with the detail.shipped field being overwritten by
    // an array in which each element is the output of" each iteration.
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual({
      ...shipment,
      detail: { 'delivery-partner': 'UQS', shipped: shipped.map((parcel) => ({ parcel, courier: 'UQS' })) },
    });
  });

  it('reads the item’s index, and hands on what OutputPath selects', async () => {
    const { execution } = await run(
      [
        validateAll({
          item_selector: {
            'parcel.$': '$$.Map.Item.Value.prod',
            'position.$': '$$.Map.Item.Index',
            'label.$': "States.Format('{} by {}', $$.Map.Item.Value.prod, $.delivery-partner)",
          },
          jsonpath: { input_path: '$.detail', result_path: '$.detail.shipped', output_path: '$.detail.shipped[1]' },
        }),
      ],
      shipment,
    );
    expect(execution).toMatchObject({
      status: 'SUCCEEDED',
      state: { data: { parcel: 'S39', position: 1, label: 'S39 by UQS' } },
    });
  });

  it('applies ResultSelector to the iterations’ outputs, also when there are none', async () => {
    const counted = (shippedNow: unknown[]) =>
      run(
        [
          validateAll({
            item_selector: { 'prod.$': '$$.Map.Item.Value.prod' },
            jsonpath: {
              input_path: '$.detail',
              result_selector: { 'products.$': '$[*].prod', 'count.$': 'States.ArrayLength($)' },
              result_path: '$.counted',
              output_path: '$.counted',
            },
          }),
        ],
        { ...shipment, detail: { ...shipment.detail, shipped: shippedNow } },
      );
    expect((await counted(shipped.slice(0, 2))).execution).toMatchObject({
      status: 'SUCCEEDED',
      state: { data: { products: ['R31', 'S39'], count: 2 } },
    });
    expect((await counted([])).execution).toMatchObject({
      status: 'SUCCEEDED',
      state: { data: { products: [], count: 0 } },
    });
  });

  it('runs AWS’s Context object example: ContextIndex and ContextValue for each item of its input', async () => {
    // The Map state of "Context object data for Map states", its Parameters (ItemSelector today) as
    // item_selector. Its input is the example's array: an execution's input is an object here, so
    // a task before it hands on the array, as the state before a Map state would.
    const { execution } = await run(
      [
        { name: 'people', task_type: 'noop', jsonpath: { result_path: null, output_path: '$.people' } },
        {
          name: 'example_map_state',
          task_type: 'map',
          item_selector: { 'ContextIndex.$': '$$.Map.Item.Index', 'ContextValue.$': '$$.Map.Item.Value' },
          item_processor: pass('test_pass'),
          jsonpath: {},
        },
      ],
      { people: [{ who: 'bob' }, { who: 'meg' }, { who: 'joe' }] },
      [then('people', 'example_map_state')],
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual([
      { ContextValue: { who: 'bob' }, ContextIndex: 0 },
      { ContextValue: { who: 'meg' }, ContextIndex: 1 },
      { ContextValue: { who: 'joe' }, ContextIndex: 2 },
    ]);
  });

  it('fails the execution with States.Runtime when ItemsPath selects no array: no catcher takes it, as in Step Functions', async () => {
    const caught = {
      catch: [{ error_equals: ['States.ALL'], next: 'after' }],
    };
    const after = { name: 'after', task_type: 'noop', output: '{% $states.input %}' };
    const notAList = await run([validateAll({ items_path: '$.delivery-partner', ...caught }), after], shipment);
    expect(notAList.execution).toMatchObject({
      status: 'FAILED',
      reason: 'States.Runtime',
      error:
        "The JSONPath '$.delivery-partner' specified for the field 'ItemsPath' must select an array, but it selects a string: \"UQS\"",
    });
    await expect(notAList.d.execution(childExecutionId(notAList.id, 1, 0))).rejects.toThrow('no execution');
    // An item_selector path that selects nothing fails the same way.
    const missing = await run([validateAll({ item_selector: { 'x.$': '$.missing' }, ...caught }), after], shipment);
    expect(missing.execution).toMatchObject({ status: 'FAILED', reason: 'States.Runtime' });
    expect(missing.execution.error).toContain("'ItemSelector.x.$'");
  });
});
