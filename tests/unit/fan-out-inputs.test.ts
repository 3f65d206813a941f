import type { Execution } from '../../src/domain/execution/execution';
import type { TaskDefinition } from '../../src/domain/flow/flow-definition';
import { ErrorCode } from '../../src/domain/error-codes';
import { branchInputs, DEFAULT_MAP_ITEMS, iterationInput, mapItems } from '../../src/service/fan-out-inputs';
import type { DataScope } from '../../src/service/step-data';

const task: TaskDefinition = { name: 'each_order', task_type: 'map', parameters: {}, timeout_seconds: 30 };
const execution: Execution = {
  execution_id: 'e-1',
  flow_id: 'f',
  flow_name: 'F',
  definition_hash: 'fan-out-inputs-test',
  status: 'RUNNING',
  created_at: '2026-01-01T00:00:00.000Z',
  cursor: { seq: 3, task: 'each_order', timeout_seconds: 30 },
  attempts: 1,
  steps_recorded: 2,
  max_steps: 100,
  state: { input: { orders: [] }, results: new Map(), data: {}, variables: new Map([['currency', 'EUR']]) },
  progress: new Map(),
};
const scope: DataScope = { execution, task, enteredAt: new Date('2026-01-01T00:00:05Z') };
// Each test its own hash: templates are compiled once per hash and field.
let n = 0;
const hash = () => `fan-out-inputs-${n++}`;

describe('a map’s items', () => {
  it('default to the fan-out’s input, which must be an array', async () => {
    expect(await mapItems(scope, hash(), DEFAULT_MAP_ITEMS, [1, { a: 2 }])).toEqual({ ok: true, value: [1, { a: 2 }] });
    expect(await mapItems(scope, hash(), DEFAULT_MAP_ITEMS, [])).toEqual({ ok: true, value: [] });
  });

  it('are what the items template gives, reading the input and the variables', async () => {
    const items = '{% $states.input.orders.{ "id": id, "currency": $currency } %}';
    const input = { orders: [{ id: 'a' }, { id: 'b' }] };
    expect(await mapItems(scope, hash(), items, input)).toEqual({
      ok: true,
      value: [
        { id: 'a', currency: 'EUR' },
        { id: 'b', currency: 'EUR' },
      ],
    });
    expect(await mapItems(scope, hash(), [1, '{% 1 + 1 %}'], {})).toEqual({ ok: true, value: [1, 2] });
  });

  it('fail the state with States.QueryEvaluationError when they are not an array', async () => {
    for (const [input, got] of [
      [{ orders: 1 }, 'object'],
      [null, 'null'],
      ['text', 'string'],
    ] as const) {
      const outcome = await mapItems(scope, hash(), DEFAULT_MAP_ITEMS, input);
      expect(outcome).toEqual({
        ok: false,
        failure: {
          status: 'failure',
          error_code: ErrorCode.QueryEvaluationError,
          error: `items must evaluate to an array, got ${got}`,
        },
      });
    }
    const failing = await mapItems(scope, hash(), '{% $error("no orders") %}', {});
    expect(failing).toMatchObject({ ok: false, failure: { error_code: ErrorCode.QueryEvaluationError } });
  });
});

describe('a map iteration’s input', () => {
  it('is the item itself without an item_selector', async () => {
    expect(await iterationInput(scope, hash(), undefined, { index: 4, value: { id: 'e' } }, {})).toEqual({
      ok: true,
      value: { id: 'e' },
    });
  });

  it('sees the item as $states.context.Map.Item and the fan-out’s input as $states.input', async () => {
    const selector = {
      position: '{% $states.context.Map.Item.Index %}',
      order: '{% $states.context.Map.Item.Value.id %}',
      customer: '{% $states.input.customer %}',
      state: '{% $states.context.State.Name %}',
    };
    const outcome = await iterationInput(
      scope,
      hash(),
      selector,
      { index: 7, value: { id: 'h' } },
      { customer: 'c-1' },
    );
    expect(outcome).toEqual({ ok: true, value: { position: 7, order: 'h', customer: 'c-1', state: 'each_order' } });
  });

  it('fails with States.QueryEvaluationError when the selector fails', async () => {
    const outcome = await iterationInput(scope, hash(), '{% $error("bad item") %}', { index: 0, value: 1 }, {});
    expect(outcome).toMatchObject({ ok: false, failure: { error_code: ErrorCode.QueryEvaluationError } });
  });
});

it('gives every branch of a parallel the fan-out’s whole input', () => {
  expect(branchInputs(3, { a: 1 })).toEqual([{ a: 1 }, { a: 1 }, { a: 1 }]);
  expect(branchInputs(0, {})).toEqual([]);
});
