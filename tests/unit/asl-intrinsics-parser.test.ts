import {
  evaluateIntrinsic,
  IntrinsicFailureError,
  type IntrinsicEnvironment,
  IntrinsicSyntaxError,
  isIntrinsicInvocation,
  MAX_INTRINSIC_CALLS,
  parseIntrinsic,
} from '../../src/asl/intrinsics';

/** Records every path read and answers from a small table. */
function recordingEnv(values: Record<string, unknown> = {}): IntrinsicEnvironment & { read: string[] } {
  const read: string[] = [];
  return {
    read,
    readPath: (path) => {
      read.push(path);
      return path in values ? values[path] : `value of ${path}`;
    },
  };
}

function syntaxError(expression: string): IntrinsicSyntaxError {
  try {
    parseIntrinsic(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(IntrinsicSyntaxError);
    return error as IntrinsicSyntaxError;
  }
  throw new Error(`expected a syntax error for ${expression}`);
}

describe('intrinsic function grammar', () => {
  it('reads every kind of argument: strings, numbers, true, false, null, paths and calls', () => {
    const env = recordingEnv();
    expect(evaluateIntrinsic("States.Array('text', 0, -12, 1.5, 2e3, -1.25E-2, true, false, null)", env)).toEqual([
      'text',
      0,
      -12,
      1.5,
      2000,
      -0.0125,
      true,
      false,
      null,
    ]);
    expect(evaluateIntrinsic('States.Array($, $.a.b, $$.Execution.Name, $item.id, States.Array())', env)).toEqual([
      'value of $',
      'value of $.a.b',
      'value of $$.Execution.Name',
      'value of $item.id',
      [],
    ]);
    expect(env.read).toEqual(['$', '$.a.b', '$$.Execution.Name', '$item.id']);
  });

  it('tells where each path is rooted', () => {
    const call = parseIntrinsic('States.Array($, $.a, $$.Map.Item.Value, $counter)');
    expect(call.args.map((arg) => (arg.kind === 'path' ? arg.root : arg.kind))).toEqual([
      'input',
      'input',
      'context',
      'variable',
    ]);
  });

  it('keeps a bracketed path whole, commas, blanks, quotes and filters included', () => {
    const env = recordingEnv();
    evaluateIntrinsic(
      "States.Array($['a, b'], $.abc.['def ghi'], $.list[?(@.price > 10)], $[\"x)y\"].z, $.items[0])",
      env,
    );
    expect(env.read).toEqual(["$['a, b']", "$.abc.['def ghi']", '$.list[?(@.price > 10)]', '$["x)y"].z', '$.items[0]']);
  });

  it('allows blanks between the parts', () => {
    expect(evaluateIntrinsic("  States.Array ( 1 ,\n\t'a' , States.Array( ) )  ", recordingEnv())).toEqual([
      1,
      'a',
      [],
    ]);
  });

  it("resolves the escapes \\', \\{, \\} and \\\\ in strings", () => {
    expect(evaluateIntrinsic("States.Array('It\\'s', '\\{\\}', 'back\\\\slash', 'a\\\\\\'b')", recordingEnv())).toEqual(
      ["It's", '{}', 'back\\slash', "a\\'b"],
    );
  });

  it('reads the escapes as a JSON definition writes them (the documentation\'s "\\\\\'")', () => {
    // A Parameters value in JSON, as the documentation's playlist example writes it.
    const definition = JSON.parse(
      '{ "title.$": "States.Format(\'Welcome to {} {}\\\\\'s playlist.\', $.firstName, $.lastName)" }',
    ) as Record<string, string>;
    const env = recordingEnv({ '$.firstName': 'John', '$.lastName': 'Doe' });
    expect(evaluateIntrinsic(definition['title.$']!, env)).toBe("Welcome to John Doe's playlist.");
  });

  it('keeps other characters as they are, a real line break and unescaped braces included', () => {
    expect(
      evaluateIntrinsic("States.Array('Hello\nWorld', '{\"a\": 1}', 'caf\u00e9 \u{1F600}')", recordingEnv()),
    ).toEqual(['Hello\nWorld', '{"a": 1}', 'caf\u00e9 \u{1F600}']);
  });

  it('refuses any other escape, naming its position', () => {
    for (const [expression, position] of [
      ["States.Format('a\\nb')", 16],
      ['States.Format(\'say \\"hi\\"\')', 19],
      ["States.Format('\\u0041')", 15],
    ] as const) {
      const error = syntaxError(expression);
      expect(error.position).toBe(position);
      expect(error.message).toContain('is not an escape');
      expect(error.message).toContain(`at position ${position}`);
    }
  });

  it('names the position of each syntax error', () => {
    const cases: Array<[string, number, string]> = [
      ['$.name', 0, 'expected an intrinsic function call'],
      ['', 0, 'found the end of the text'],
      ["States.Format('abc", 14, 'the string opened here is not closed'],
      ["States.Format('a' $.b)", 18, "expected ',' or ')'"],
      ['States.Array(1', 14, "expected ',' or ')'"],
      ['States.Array(1,)', 15, 'expected an argument'],
      ['States.Array(tru)', 13, 'expected an argument'],
      ['States.Array(01)', 14, "expected ',' or ')'"],
      ['States.Array(1) x', 16, "unexpected 'x'"],
      ['States.Nope(1)', 0, "unknown intrinsic function 'States.Nope'"],
      ['States.format(1)', 0, "unknown intrinsic function 'States.format'"],
      ['States.Array 1', 13, "expected '(' after States.Array"],
      ['States.Array($.a[0)', 13, "a '[' of this path is not closed"],
      ['States.Array($.a])', 16, "']' closes no '['"],
      ["States.Array($['a)", 15, 'a quoted name of this path is not closed'],
      ['States.Array($$$)', 13, "'$$$' is not a path"],
      ['States.Array(1e999)', 13, 'not a valid JSON number'],
    ];
    for (const [expression, position, problem] of cases) {
      const error = syntaxError(expression);
      expect([expression, error.position]).toEqual([expression, position]);
      expect(error.message).toContain(problem);
    }
  });

  it('is a States.IntrinsicFailure too, for a caller that evaluates unchecked text', () => {
    const error = syntaxError('States.Array(');
    expect(error).toBeInstanceOf(IntrinsicFailureError);
    expect(error.errorName).toBe('States.IntrinsicFailure');
  });

  it('nests calls, inner first', () => {
    const env = recordingEnv({ '$.a': [1, 2, 3] });
    expect(evaluateIntrinsic("States.Format('{}', States.ArrayLength($.a))", env)).toBe('3');
    expect(
      evaluateIntrinsic(
        "States.ArrayGetItem(States.StringSplit('a-b-c', '-'), States.MathAdd(States.ArrayLength(States.StringSplit('a-b-c', '-')), -1))",
        env,
      ),
    ).toBe('c');
  });

  it("evaluates the documentation's nine nested calls (once its template has one {} per value)", () => {
    const env = recordingEnv({
      '$.ImageRecipe.Arn': 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.0.0',
    });
    const documented =
      "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
    // As printed, three {} for two values: the rule "as many values as {}" refuses it.
    expect(() => evaluateIntrinsic(documented, env)).toThrow(/the template has 3 placeholder\(s\) \{\} but 2 value/);
    expect(evaluateIntrinsic(documented.replace("'{}.{}.{}'", "'{}.{}'"), env)).toBe('1.0');
  });

  it(`allows at most ${MAX_INTRINSIC_CALLS} calls in one field, naming where the next one starts`, () => {
    const nested = (calls: number): string =>
      Array.from({ length: calls }, () => 'States.Array(').join('') + ')'.repeat(calls);
    expect(evaluateIntrinsic(nested(MAX_INTRINSIC_CALLS), recordingEnv())).toEqual([[[[[[[[[[]]]]]]]]]]);
    const error = syntaxError(nested(MAX_INTRINSIC_CALLS + 1));
    expect(error.position).toBe(MAX_INTRINSIC_CALLS * 'States.Array('.length);
    expect(error.message).toContain(`at most ${MAX_INTRINSIC_CALLS} intrinsic functions`);
    // Side by side counts as well as nested, as the documentation counts its example's nine.
    const sideBySide = `States.Array(${Array.from({ length: MAX_INTRINSIC_CALLS }, () => 'States.UUID()').join(', ')})`;
    expect(syntaxError(sideBySide).message).toContain(`at most ${MAX_INTRINSIC_CALLS}`);
  });

  it('keeps every node where it was written, for messages', () => {
    const call = parseIntrinsic("States.Format('{} and {}', $.a, States.UUID())");
    expect(call.args.map(({ start, text }) => [start, text])).toEqual([
      [14, "'{} and {}'"],
      [27, '$.a'],
      [32, 'States.UUID()'],
    ]);
  });

  it('tells an intrinsic call from a path', () => {
    expect(isIntrinsicInvocation("States.Format('x')")).toBe(true);
    expect(isIntrinsicInvocation('  States.Array()')).toBe(true);
    expect(isIntrinsicInvocation('$.States.Format')).toBe(false);
    expect(isIntrinsicInvocation('$')).toBe(false);
  });
});
