import { pathProblem, readPath, readReferencePath, referencePathProblem } from '../../src/asl/jsonpath';
import { thrown } from '../support/jsonpath-harness';

describe('reference path validator', () => {
  // The spec's and AWS's examples of reference paths, and the bracket forms for awkward names.
  it.each([
    '$',
    '$.foo',
    '$.car.cdr',
    '$.store.book.title',
    '$.ledgers.branch[0].pending.count',
    '$.ledgers[0][22][315].foo',
    "$['store']['book']",
    "$['store'][0]['book']",
    "$.abc['def ghi']",
    "$['a b']",
    '$.a[-1]',
    '$.error-info',
    '$$.Execution.Id',
    '$$.Map.Item.Value',
  ])('accepts %s', (path) => {
    expect(referencePathProblem(path)).toBeUndefined();
  });

  it.each([
    ['$.a[*]', "'$.a[*]' must be a reference path, which selects exactly one value"],
    ['$..price', "'$..price' must be a reference path"],
    ['$.a[0:2]', "'$.a[0:2]' must be a reference path"],
    ['$.a[0,1]', "'$.a[0,1]' must be a reference path"],
    ['$.items[?(@.x > 1)]', "'$.items[?(@.x > 1)]' must be a reference path"],
    ['$.a[', "'$.a[' is not a valid JSONPath: unclosed bracketed selection"],
    ['a.b', "'a.b' must be a JSONPath starting with '$'"],
    ['$.list.length()', "'$.list.length()' is not a valid JSONPath"],
  ])('refuses %s', (path, message) => {
    expect(referencePathProblem(path)).toContain(message);
  });

  it('says which forms a reference path has', () => {
    expect(referencePathProblem('$.a[*]')).toBe(
      "'$.a[*]' must be a reference path, which selects exactly one value ('$', '$.name', \"$['name']\" and '$.list[0]'); wildcards, filters, slices, unions and '..' are not allowed here",
    );
  });

  it('refuses a value that is not a string, saying what it got', () => {
    expect(referencePathProblem(42)).toBe("must be a JSONPath starting with '$', got 42");
    expect(pathProblem({ a: 1 })).toBe('must be a JSONPath starting with \'$\', got {"a":1}');
  });

  it('refuses a context path where the path is written to (ResultPath), and only there', () => {
    expect(referencePathProblem('$$.Execution.Id', { writing: true })).toBe(
      "'$$.Execution.Id' cannot be written to: '$$' is the context object, which is read-only",
    );
    expect(referencePathProblem('$.result', { writing: true })).toBeUndefined();
  });
});

describe('path validator (fields that take any JSONPath)', () => {
  it.each([
    '$.a[*].n',
    '$..q',
    '$.a[0:2]',
    '$.a[-3:]',
    '$.a[0,1]',
    '$.items[?(@.x > 1)]',
    '$.items[?@.n == "a"]',
    '$[*][*]',
  ])('accepts %s', (path) => {
    expect(pathProblem(path)).toBeUndefined();
  });

  it('refuses the regular-expression functions: they would run a pattern the author wrote on the worker', () => {
    expect(pathProblem('$.a[?match(@.n, "a.*")]')).toContain("no such function 'match'");
    expect(pathProblem('$.a[?search(@.n, "(a+)+$")]')).toContain("no such function 'search'");
  });

  it('parses filters, never runs them as code', () => {
    expect(pathProblem('$.a[?(this.constructor.constructor("return process")())]')).toContain(
      'is not a valid JSONPath',
    );
    expect(readPath('$.items[?(@.constructor)]', { input: { items: [{ x: 1 }] } }, 'InputPath')).toEqual([]);
  });
});

describe('reading a path', () => {
  const input = { foo: 123, bar: ['a', 'b', 'c'], car: { cdr: true }, 'b c': 7, items: [{ x: 1 }, { x: 5 }] };

  // The spec's "Reference Paths" example.
  it.each([
    ['$.foo', 123],
    ['$.bar', ['a', 'b', 'c']],
    ['$.car.cdr', true],
    ["$['b c']", 7],
    ['$.bar[-1]', 'c'],
    ['$', input],
  ])('reads %s as one value', (path, value) => {
    expect(readReferencePath(path, { input }, 'ItemsPath')).toEqual(value);
    expect(readPath(path, { input }, 'InputPath')).toEqual(value);
  });

  it('gathers the values of a path that can select several into an array (the spec: $.a[0,1] of [1,2,3,4] is [1, 2])', () => {
    expect(readPath('$.a[0,1]', { input: { a: [1, 2, 3, 4] } }, 'InputPath')).toEqual([1, 2]);
    expect(readPath('$.a[0:2]', { input: { a: [1, 2, 3, 4] } }, 'InputPath')).toEqual([1, 2]);
    expect(readPath('$.items[?(@.x > 1)]', { input }, 'InputPath')).toEqual([{ x: 5 }]);
    expect(readPath('$.items[?(@.x > 9)]', { input }, 'InputPath')).toEqual([]);
  });

  it('reads $$ paths from the context object', () => {
    expect(readPath('$$.State.Name', { input, context: { State: { Name: 'charge' } } }, 'Parameters.s.$')).toBe(
      'charge',
    );
  });

  it.each([
    ['$.missing', "could not be found in the input: $ has no field 'missing'"],
    ['$.foo.x', "could not be found in the input: $.foo is a number, not an object with a field 'x'"],
    ['$.bar[3]', 'could not be found in the input: $.bar has 3 item(s): no index 3'],
    ['$.car[0]', 'could not be found in the input: $.car is an object, not an array'],
  ])('fails with States.Runtime, naming the field, the path and where it stopped: %s', (path, reason) => {
    const error = thrown(() => readPath(path, { input }, 'InputPath'));
    expect(error.errorName).toBe('States.Runtime');
    expect(error.field).toBe('InputPath');
    expect(error.path).toBe(path);
    expect(error.message).toBe(`The JSONPath '${path}' specified for the field 'InputPath' ${reason}`);
  });

  it('fails a context path where there is no context object, and a reference path that is not one', () => {
    expect(thrown(() => readPath('$$.Execution.Id', { input }, 'OutputPath')).message).toContain(
      'reads the context object, which this field cannot read',
    );
    expect(thrown(() => readReferencePath('$.bar[*]', { input }, 'ItemsPath')).message).toContain(
      "specified for the field 'ItemsPath' must be a reference path",
    );
  });

  it("fails with States.Runtime, not the library's error, when '..' would descend too deep", () => {
    let deep: unknown = { x: 1 };
    for (let level = 0; level < 300; level++) deep = { a: deep };
    const error = thrown(() => readPath('$..x', { input: deep }, 'InputPath'));
    expect(error.errorName).toBe('States.Runtime');
    expect(error.message).toContain("'InputPath' cannot be applied: recursion limit reached");
    expect(readPath('$..x', { input: { a: { b: { x: 2 } } } }, 'InputPath')).toEqual([2]);
  });

  it('does not read inherited properties', () => {
    expect(thrown(() => readPath('$.constructor', { input: {} }, 'InputPath')).message).toContain(
      "$ has no field 'constructor'",
    );
  });
});
