import { fanOutFields } from '../../src/asl/fan-out-import';
import type { ErrorDetail } from '../../src/domain/errors';

/**
 * fanOutFields on its own: a Parallel or Map state's own fields as a parallel or map task's, in
 * JSONata mode and in JSONPath mode (docs/state-machines.md). The caller translates the sub-flows
 * (here a stand-in that names them) and adds the fields every state has.
 */

const at = (...path: Array<string | number>) => `asl.States.S.${path.join('.')}`;
const translated = (_machine: unknown, segments: Array<string | number>, key: string) => ({
  translated: key,
  from: segments,
});
const fields = (state: Record<string, unknown>, mode?: 'JSONata' | 'JSONPath') => {
  const warnings: ErrorDetail[] = [];
  return { fields: fanOutFields(state, at, warnings, translated, mode), warnings };
};
const branch = { StartAt: 'a', States: { a: { Type: 'Pass', End: true } } };

describe('fanOutFields in JSONata mode', () => {
  it('reads a Parallel’s Arguments and a Map’s Items and ItemSelector as templates', () => {
    const parallel = { Type: 'Parallel', Arguments: { n: '{% $states.input.n %}' }, Branches: [branch], End: true };
    expect(fields(parallel, 'JSONata').fields).toEqual({
      task_type: 'parallel',
      arguments: { n: '{% $states.input.n %}' },
      branches: [{ translated: 'branches[0]', from: ['Branches', 0] }],
    });
    const map = {
      Type: 'Map',
      Items: '{% $states.input.orders %}',
      ItemSelector: { order: '{% $states.context.Map.Item.Value %}' },
      MaxConcurrency: 3,
      ItemProcessor: branch,
      End: true,
    };
    // The default mode is JSONata, as before the mode was a parameter.
    expect(fields(map).fields).toEqual({
      task_type: 'map',
      items: '{% $states.input.orders %}',
      item_selector: { order: '{% $states.context.Map.Item.Value %}' },
      max_concurrency: 3,
      item_processor: { translated: 'item_processor', from: ['ItemProcessor'] },
    });
  });
});

describe('fanOutFields in JSONPath mode', () => {
  it('reads a Parallel’s Parameters as jsonpath.parameters, the input every branch gets', () => {
    const parallel = {
      Type: 'Parallel',
      InputPath: '$.order',
      Parameters: { 'id.$': '$.id' },
      ResultPath: '$.both',
      Branches: [branch, branch],
      End: true,
    };
    // InputPath and ResultPath are the caller's, as on a Task.
    expect(fields(parallel, 'JSONPath')).toEqual({
      fields: {
        task_type: 'parallel',
        jsonpath: { parameters: { 'id.$': '$.id' } },
        branches: [
          { translated: 'branches[0]', from: ['Branches', 0] },
          { translated: 'branches[1]', from: ['Branches', 1] },
        ],
      },
      warnings: [],
    });
    expect(fields({ Type: 'Parallel', Branches: [branch], End: true }, 'JSONPath').fields).toEqual({
      task_type: 'parallel',
      branches: [{ translated: 'branches[0]', from: ['Branches', 0] }],
    });
  });

  it('reads the States Language’s Map example: ItemsPath as items_path, ItemSelector as item_selector', () => {
    const validateAll = {
      Type: 'Map',
      InputPath: '$.detail',
      ItemsPath: '$.shipped',
      MaxConcurrency: 0,
      ItemSelector: { 'parcel.$': '$$.Map.Item.Value', 'courier.$': '$.delivery-partner' },
      ItemProcessor: branch,
      ResultPath: '$.detail.shipped',
      ToleratedFailureCount: 1,
      ToleratedFailurePercentage: 5,
      End: true,
    };
    expect(fields(validateAll, 'JSONPath')).toEqual({
      fields: {
        task_type: 'map',
        items_path: '$.shipped',
        item_selector: { 'parcel.$': '$$.Map.Item.Value', 'courier.$': '$.delivery-partner' },
        max_concurrency: 0,
        tolerated_failure_percentage: 5,
        tolerated_failure_count: 1,
        item_processor: { translated: 'item_processor', from: ['ItemProcessor'] },
      },
      warnings: [],
    });
  });

  it('reads a Map’s older Parameters, with an Iterator, as its item_selector', () => {
    const exampleMapState = {
      Type: 'Map',
      Parameters: { 'ContextIndex.$': '$$.Map.Item.Index', 'ContextValue.$': '$$.Map.Item.Value' },
      Iterator: branch,
      End: true,
    };
    expect(fields(exampleMapState, 'JSONPath').fields).toEqual({
      task_type: 'map',
      item_selector: { 'ContextIndex.$': '$$.Map.Item.Index', 'ContextValue.$': '$$.Map.Item.Value' },
      item_processor: { translated: 'item_processor', from: ['Iterator'] },
    });
    // Both written: ItemSelector is the one Step Functions documents today; Parameters is left out, with a warning.
    const both = fields({ ...exampleMapState, ItemSelector: { 'v.$': '$$.Map.Item.Value' } }, 'JSONPath');
    expect(both.fields.item_selector).toEqual({ 'v.$': '$$.Map.Item.Value' });
    expect(both.warnings).toEqual([
      { path: 'asl.States.S.Parameters', message: expect.stringContaining('the ItemSelector is used') },
    ]);
    expect(both.fields).not.toHaveProperty('jsonpath');
  });

  it('takes no JSONata field of a state in JSONPath mode', () => {
    const map = { Type: 'Map', Items: [1], Arguments: { a: 1 }, ItemProcessor: branch, End: true };
    expect(fields(map, 'JSONPath').fields).toEqual({
      task_type: 'map',
      item_processor: { translated: 'item_processor', from: ['ItemProcessor'] },
    });
  });
});
