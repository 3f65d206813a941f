import {
  contextObject,
  inputPath,
  type IntrinsicEvaluator,
  outputPath,
  payloadTemplate,
  payloadTemplateProblems,
  resultPath,
} from '../../src/asl/jsonpath';
import { thrown, fakeIntrinsic } from '../support/jsonpath-harness';

const noIntrinsic: IntrinsicEvaluator = (expression) => {
  throw new Error(`no intrinsic expected, got ${expression}`);
};

describe('InputPath', () => {
  // AWS's "Manipulate parameters" page.
  const input = {
    comment: 'Example for InputPath.',
    dataset1: { val1: 1, val2: 2, val3: 3 },
    dataset2: { val1: 'a', val2: 'b', val3: 'c' },
  };

  it('selects part of the input ("InputPath": "$.dataset2")', () => {
    expect(inputPath(input, '$.dataset2')).toEqual({ val1: 'a', val2: 'b', val3: 'c' });
  });

  it('absent: the whole input; null: {} (not the same as absent)', () => {
    expect(inputPath(input, undefined)).toBe(input);
    expect(inputPath(input, null)).toEqual({});
  });

  it('a path that selects several values gives them as an array ({ "a": [1, 2, 3, 4] }, $.a[0:2] → [1, 2])', () => {
    expect(inputPath({ a: [1, 2, 3, 4] }, '$.a[0:2]')).toEqual([1, 2]);
  });

  it('fails with States.Runtime when the path finds nothing', () => {
    const error = thrown(() => inputPath(input, '$.dataset3'));
    expect(error.errorName).toBe('States.Runtime');
    expect(error.message).toBe(
      "The JSONPath '$.dataset3' specified for the field 'InputPath' could not be found in the input: $ has no field 'dataset3'",
    );
  });

  it('reads the context object for a $$ path', () => {
    expect(inputPath({}, '$$.Execution.Input', { Execution: { Input: { x: 1 } } })).toEqual({ x: 1 });
  });
});

describe('Payload templates (Parameters, ResultSelector, ItemSelector)', () => {
  it("fills AWS's Parameters example", () => {
    const input = {
      comment: 'Example for Parameters.',
      product: {
        details: { color: 'blue', size: 'small', material: 'cotton' },
        availability: 'in stock',
        sku: '2317',
        cost: '$23',
      },
    };
    const template = {
      comment: 'Selecting what I care about.',
      MyDetails: { 'size.$': '$.product.details.size', 'exists.$': '$.product.availability', StaticValue: 'foo' },
    };
    expect(payloadTemplate(template, input, {}, noIntrinsic)).toEqual({
      comment: 'Selecting what I care about.',
      MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' },
    });
  });

  it("fills the spec's example: nested fields, a slice, a context path and an intrinsic function", () => {
    const template = {
      flagged: true,
      parts: { 'first.$': '$.vals[0]', 'last3.$': '$.vals[-3:]' },
      'weekday.$': '$$.DayOfWeek',
      'formattedOutput.$': "States.Format('Today is {}', $$.DayOfWeek)",
    };
    expect(
      payloadTemplate(template, { flagged: 7, vals: [0, 10, 20, 30, 40, 50] }, { DayOfWeek: 'TUESDAY' }, fakeIntrinsic),
    ).toEqual({
      flagged: true,
      parts: { first: 0, last3: [30, 40, 50] },
      weekday: 'TUESDAY',
      formattedOutput: 'Today is TUESDAY',
    });
  });

  it("fills the spec's Map example from the context object's item ($$.Map.Item.Value)", () => {
    const detail = { 'delivery-partner': 'UQS', shipped: [{ prod: 'R31', 'dest-code': 9511, quantity: 1344 }] };
    const context = contextObject({
      executionId: 'e-1',
      executionStartTime: '2016-03-14T01:59:00.000Z',
      stateName: 'Validate-All',
      stateEnteredTime: '2016-03-14T01:59:00.000Z',
      retryCount: 0,
      mapItem: { index: 0, value: detail.shipped[0]! },
    });
    const template = {
      'parcel.$': '$$.Map.Item.Value',
      'courier.$': '$.delivery-partner',
      'index.$': '$$.Map.Item.Index',
    };
    expect(payloadTemplate(template, detail, context, noIntrinsic, 'ItemSelector')).toEqual({
      parcel: { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
      courier: 'UQS',
      index: 0,
    });
  });

  it('processes objects inside arrays, keeps strings in arrays and non-.$ strings starting with $ as written', () => {
    const template = { list: [{ 'a.$': '$.a' }, '$.a', 5, [{ 'b.$': '$.b' }]], literal: '$.a' };
    expect(payloadTemplate(template, { a: 1, b: 2 }, {}, noIntrinsic)).toEqual({
      list: [{ a: 1 }, '$.a', 5, [{ b: 2 }]],
      literal: '$.a',
    });
  });

  it('gives the intrinsic function a reader of the template input and of the context object', () => {
    const template = { 'greeting.$': "States.Format('Hello {}', $.name)" };
    expect(payloadTemplate(template, { name: 'Ada' }, {}, fakeIntrinsic)).toEqual({ greeting: 'Hello Ada' });
  });

  it('fails with States.Runtime naming the field in the template when a path finds nothing', () => {
    const error = thrown(() =>
      payloadTemplate({ outer: { 'missing.$': '$.nope.deep' } }, { other: 1 }, {}, noIntrinsic),
    );
    expect(error.errorName).toBe('States.Runtime');
    expect(error.field).toBe('Parameters.outer.missing.$');
    expect(error.message).toBe(
      "The JSONPath '$.nope.deep' specified for the field 'Parameters.outer.missing.$' could not be found in the input: $ has no field 'nope'",
    );
  });

  it('names ResultSelector when the template is one, and fails a .$ value that is not a string', () => {
    const error = thrown(() => payloadTemplate({ 'n.$': 5 }, {}, {}, noIntrinsic, 'ResultSelector'));
    expect(error.message).toBe(
      "The JSONPath '5' specified for the field 'ResultSelector.n.$' must be a path or an intrinsic function (a string)",
    );
  });

  it('lists the problems of a template before it runs', () => {
    expect(
      payloadTemplateProblems({
        a: 1,
        'a.$': '$.x',
        nested: [{ 'p.$': '$.a[' }, { 'q.$': 3 }],
        'f.$': 'States.UUID()',
      }),
    ).toEqual([
      { field: 'Parameters.a.$', message: "gives the field 'a' a second value" },
      {
        field: 'Parameters.nested[0].p.$',
        message: "'$.a[' is not a valid JSONPath: unclosed bracketed selection ('$.a[':4)",
      },
      { field: 'Parameters.nested[1].q.$', message: 'must be a path or an intrinsic function (a string)' },
    ]);
    expect(payloadTemplateProblems({ 'ok.$': '$.a', b: { 'c.$': '$$.Execution.Id' } }, 'ResultSelector')).toEqual([]);
  });
});

describe('ResultPath', () => {
  // AWS's "Specifying state output using ResultPath" page.
  const input = { comment: 'This is a test', details: 'Default example', who: 'Step Functions' };
  const result = 'Hello, Step Functions!';

  it('"$" (and absent): the result replaces the input', () => {
    expect(resultPath(input, result, '$')).toBe(result);
    expect(resultPath(input, result, undefined)).toBe(result);
  });

  it('null: the result is dropped and the input handed on', () => {
    expect(resultPath(input, result, null)).toBe(input);
  });

  it('"$.taskresult": the result joins the input', () => {
    expect(resultPath(input, result, '$.taskresult')).toEqual({ ...input, taskresult: result });
  });

  it('overwrites a field that is there (the spec: $.master.detail)', () => {
    expect(resultPath({ master: { detail: [1, 2, 3] } }, 6, '$.master.detail')).toEqual({ master: { detail: 6 } });
  });

  it('creates the fields on the way (the spec: $.master.result.sum, and "Hi!" at $.b.greeting)', () => {
    expect(resultPath({ master: { detail: [1, 2, 3] } }, 6, '$.master.result.sum')).toEqual({
      master: { detail: [1, 2, 3], result: { sum: 6 } },
    });
    expect(resultPath({ a: 1 }, 'Hi!', '$.b.greeting')).toEqual({ a: 1, b: { greeting: 'Hi!' } });
  });

  it('leaves the input itself unchanged', () => {
    const raw = { master: { detail: [1, 2, 3] } };
    resultPath(raw, 6, '$.master.detail');
    expect(raw).toEqual({ master: { detail: [1, 2, 3] } });
  });

  it('places the result at an index that is in its array, and at names with odd characters', () => {
    expect(resultPath({ list: [1, 2, 3] }, 'x', '$.list[1]')).toEqual({ list: [1, 'x', 3] });
    expect(resultPath({ list: [{ a: 1 }] }, 'x', '$.list[-1].b')).toEqual({ list: [{ a: 1, b: 'x' }] });
    expect(resultPath({}, { Error: 'E' }, "$['error info']")).toEqual({ 'error info': { Error: 'E' } });
    expect(resultPath({}, 1, '$.error-info')).toEqual({ 'error-info': 1 });
  });

  it('fails with States.Runtime where it cannot apply (the spec: input "foo", ResultPath $.x)', () => {
    const error = thrown(() => resultPath('foo', 1, '$.x'));
    expect(error.errorName).toBe('States.Runtime');
    expect(error.message).toBe(
      "The JSONPath '$.x' specified for the field 'ResultPath' cannot be applied to the input: $ is a string, not an object",
    );
    expect(thrown(() => resultPath({ a: 5 }, 1, '$.a.b')).message).toContain('$.a is a number, not an object');
    expect(thrown(() => resultPath([1], 1, '$.a')).message).toContain('$ is an array, not an object');
    expect(thrown(() => resultPath({ list: [1] }, 1, '$.list[4]')).message).toContain(
      '$.list has 1 item(s): no index 4',
    );
    expect(thrown(() => resultPath({ a: null }, 1, '$.a.b')).message).toContain('$.a is null, not an object');
  });

  it("refuses what is not a reference path, or writes into the context object; names a catcher's field", () => {
    expect(thrown(() => resultPath({}, 1, '$.a[*]')).message).toContain('must be a reference path');
    expect(thrown(() => resultPath({}, 1, '$$.Execution.Id', 'Catch[0].ResultPath')).message).toBe(
      "The JSONPath '$$.Execution.Id' specified for the field 'Catch[0].ResultPath' cannot be written to: '$$' is the context object, which is read-only",
    );
  });

  it("places a catcher's error output in the original input (the spec: ResultPath $.error-info)", () => {
    const errorOutput = { Error: 'java.lang.Exception', Cause: 'boom' };
    expect(resultPath({ order: 7 }, errorOutput, '$.error-info', 'Catch[0].ResultPath')).toEqual({
      order: 7,
      'error-info': errorOutput,
    });
  });
});

describe('OutputPath', () => {
  it('selects part of the output; absent: all of it; null: {}', () => {
    const output = { title: 'Numbers to add', numbers: { val1: 3, val2: 4 }, sum: 7 };
    expect(outputPath(output, '$.sum')).toBe(7);
    expect(outputPath(output, undefined)).toBe(output);
    expect(outputPath(output, null)).toEqual({});
    expect(thrown(() => outputPath(output, '$.total')).field).toBe('OutputPath');
  });

  it("runs the spec's whole example: InputPath $.numbers, a task adding them, ResultPath $.sum", () => {
    const raw = { title: 'Numbers to add', numbers: { val1: 3, val2: 4 } };
    const effective = inputPath(raw, '$.numbers') as { val1: number; val2: number };
    const output = resultPath(raw, effective.val1 + effective.val2, '$.sum');
    expect(outputPath(output, undefined)).toEqual({ title: 'Numbers to add', numbers: { val1: 3, val2: 4 }, sum: 7 });
  });
});

describe('context object ($$)', () => {
  const facts = {
    executionId: 'exec-1',
    executionName: 'nightly',
    executionStartTime: new Date('2030-01-02T03:04:05.000Z'),
    executionInput: { order: 7 },
    stateName: 'charge',
    stateEnteredTime: '2030-01-02T03:04:06.000Z',
    retryCount: 2,
    flowId: 'flow-9',
    flowName: 'billing',
  };

  it("holds the engine's facts under Step Functions' names, as JSONata mode's $states.context", () => {
    const context = contextObject(facts);
    const read = (path: string) => payloadTemplate({ 'v.$': path }, {}, context, noIntrinsic);
    expect(read('$$.Execution.Id')).toEqual({ v: 'exec-1' });
    expect(read('$$.Execution.Name')).toEqual({ v: 'nightly' });
    expect(read('$$.Execution.Input.order')).toEqual({ v: 7 });
    expect(read('$$.Execution.StartTime')).toEqual({ v: '2030-01-02T03:04:05.000Z' });
    expect(read('$$.State.Name')).toEqual({ v: 'charge' });
    expect(read('$$.State.EnteredTime')).toEqual({ v: '2030-01-02T03:04:06.000Z' });
    expect(read('$$.State.RetryCount')).toEqual({ v: 2 });
    expect(read('$$.StateMachine.Id')).toEqual({ v: 'flow-9' });
    expect(read('$$.StateMachine.Name')).toEqual({ v: 'billing' });
    expect(thrown(() => read('$$.Task.Token')).message).toContain(
      "could not be found in the context object: $$ has no field 'Task'",
    );
  });

  it('has Task.Token where the task has one', () => {
    expect(contextObject(facts, 'token-1').Task).toEqual({ Token: 'token-1' });
  });
});
