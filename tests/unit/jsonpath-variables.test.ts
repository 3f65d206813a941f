import {
  assignTemplate,
  assignTemplateProblems,
  inputPath,
  JsonPathRuntimeError,
  outputPath,
  pathProblem,
  payloadTemplate,
  readPath,
  readReferencePath,
  referencePathProblem,
  resultPath,
} from '../../src/asl/jsonpath';
import { evaluateIntrinsic } from '../../src/asl/intrinsics';
import { isReferencePath } from '../../src/asl/choice-rules/reference-path-syntax';
import { thrown } from '../support/jsonpath-harness';

/**
 * Workflow variables in JSONPath paths (`$name…`, Step Functions' workflow variables) and a
 * JSONPath state's Assign as a payload template of variable names, at the level of the pure
 * functions (src/asl/jsonpath): what a path reads, what it fails with, what the import refuses.
 */

const variables = new Map<string, unknown>([
  ['order', { id: 'A-1', lines: [{ sku: 'x' }, { sku: 'y' }], 'a b': 3 }],
  ['count', 2],
  ['nothing', null],
]);
const data = { input: { order: 'the input' }, context: { Execution: { Id: 'e-1' } }, variables };

describe('a path that reads a variable', () => {
  it.each([
    ['$order', variables.get('order')],
    ['$order.id', 'A-1'],
    ['$order.lines[0].sku', 'x'],
    ['$order.lines[-1]', { sku: 'y' }],
    ["$order['a b']", 3],
    ['$count', 2],
    ['$nothing', null],
    ['$order.lines[*].sku', ['x', 'y']],
  ])('%s reads the variable, not the input', (path, expected) => {
    expect(readPath(path, data, 'Parameters.x.$')).toEqual(expected);
  });

  it('leaves $, $$ and $[…] reading the input and the context object', () => {
    expect(readPath('$.order', data, 'InputPath')).toBe('the input');
    expect(readPath("$['order']", data, 'InputPath')).toBe('the input');
    expect(readPath('$$.Execution.Id', data, 'InputPath')).toBe('e-1');
  });

  it('fails with States.Runtime naming a variable that is not set', () => {
    const error = thrown(() => readPath('$missing.a', data, 'Parameters.x.$'));
    expect(error.errorName).toBe('States.Runtime');
    expect(error.message).toBe(
      "The JSONPath '$missing.a' specified for the field 'Parameters.x.$' reads the variable 'missing', which is not set",
    );
  });

  it('names the variable and the step where a singular path stops', () => {
    expect(thrown(() => readReferencePath('$order.total', data, 'ItemsPath')).message).toBe(
      "The JSONPath '$order.total' specified for the field 'ItemsPath' could not be found in the variable 'order': $order has no field 'total'",
    );
  });

  it('fails where no variables are given to read', () => {
    expect(thrown(() => readPath('$count', { input: {} }, 'OutputPath')).message).toMatch(/reads a variable/);
  });

  it('is read by InputPath, OutputPath and payload templates given the variables', () => {
    expect(inputPath({}, '$order.lines[1]', undefined, variables)).toEqual({ sku: 'y' });
    expect(outputPath({}, '$count', undefined, variables)).toBe(2);
    const intrinsic = (expression: string, read: (path: string) => unknown) =>
      evaluateIntrinsic(expression, { readPath: read });
    expect(
      payloadTemplate(
        { 'text.$': "States.Format('{} has {} lines', $order.id, States.ArrayLength($order.lines))", 'n.$': '$count' },
        {},
        undefined,
        intrinsic,
        'Parameters',
        variables,
      ),
    ).toEqual({ text: 'A-1 has 2 lines', n: 2 });
  });

  it('is a reference path for a Choice rule, but not a place to write a result', () => {
    expect(isReferencePath('$order.id')).toBe(true);
    expect(pathProblem('$order.lines[0]')).toBeUndefined();
    expect(referencePathProblem('$order.id')).toBeUndefined();
    expect(referencePathProblem('$order.id', { writing: true })).toMatch(
      /cannot be written to: '\$order' is a variable/,
    );
    expect(() => resultPath({}, 1, '$order.id')).toThrow(JsonPathRuntimeError);
  });

  it("refuses a variable named 'states'", () => {
    expect(pathProblem('$states.input')).toMatch(/reads the variable 'states', whose name 'states' is reserved/);
  });
});

describe('a JSONPath Assign', () => {
  const intrinsic = (expression: string, read: (path: string) => unknown) =>
    evaluateIntrinsic(expression, { readPath: read });

  it('sets each top-level field as a variable, paths on $ and literals as written, in template order', () => {
    const assigned = assignTemplate(
      { 'total.$': '$.sum', tries: 0, 'label.$': "States.Format('#{}', $.id)", nested: { 'id.$': '$.id', kept: 'x' } },
      { sum: 12, id: 7 },
      undefined,
      intrinsic,
      new Map(),
    );
    expect([...assigned]).toEqual([
      ['total', 12],
      ['tries', 0],
      ['label', '#7'],
      ['nested', { id: 7, kept: 'x' }],
    ]);
  });

  it('reads the variables as they were before: an assignment never sees another of the same Assign', () => {
    const before = new Map<string, unknown>([['x', 1]]);
    const assigned = assignTemplate(
      { x: 2, 'old.$': '$x', 'sum.$': 'States.MathAdd($x, 10)' },
      {},
      undefined,
      intrinsic,
      before,
    );
    expect(Object.fromEntries(assigned)).toEqual({ x: 2, old: 1, sum: 11 });
    expect(before.get('x')).toBe(1);
  });

  it('fails with States.Runtime naming the field when a path selects nothing', () => {
    expect(
      thrown(() => assignTemplate({ 'x.$': '$.nope' }, {}, undefined, intrinsic, new Map(), 'Catch[0].Assign')).message,
    ).toBe(
      "The JSONPath '$.nope' specified for the field 'Catch[0].Assign.x.$' could not be found in the input: $ has no field 'nope'",
    );
  });

  it('names every problem before it runs', () => {
    expect(
      assignTemplateProblems({ '1x': 1, 'states.$': '$.a', 'ok.$': '$.a[', twice: 1, 'twice.$': '$.b', 'a b': 2 }),
    ).toEqual([
      { field: 'Assign.1x', message: expect.stringMatching(/^variable name must start with a letter/) as string },
      { field: 'Assign.states.$', message: "variable name 'states' is reserved for $states" },
      { field: 'Assign.a b', message: expect.stringMatching(/^variable name must start with a letter/) as string },
      { field: 'Assign.ok.$', message: expect.stringMatching(/is not a valid JSONPath/) as string },
      { field: 'Assign.twice.$', message: "gives the field 'twice' a second value" },
    ]);
    expect(assignTemplateProblems([1], 'Catch[0].Assign')).toEqual([
      { field: 'Catch[0].Assign', message: 'must be an object of variable names and values, got [1]' },
    ]);
    expect(assignTemplateProblems({ 'x.$': '$y.z', n: 1 })).toEqual([]);
  });
});
