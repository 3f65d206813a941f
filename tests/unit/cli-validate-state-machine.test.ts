import path from 'node:path';
import { FLOWS_DIR, jsonFile } from '../support/cli';
import { runCliInProcess as flow } from '../support/cli-in-process';
import { bareFlow } from '../support/validation-problems';

/** `flow validate` of a state machine: offline, every problem by its path in the definition, and the exit code. */

const lines = (text: string) => text.trimEnd().split('\n');

/** A JSONPath machine (no QueryLanguage) whose states have a problem each, none of them in its shape. */
const brokenJsonPath = {
  Comment: 'Broken order',
  StartAt: 'Load',
  States: {
    Load: {
      Type: 'Task',
      Resource: 'flow:mystery',
      Parameters: { 'id.$': '$.order[', fixed: 1 },
      Next: 'Hold',
    },
    Hold: { Type: 'Wait', SecondsPath: '$.delays[*]', Next: 'Ship' },
    Ship: { Type: 'Task', Resource: 'flow:print', Parameters: { message: 7 }, End: true },
  },
};

describe('flow validate of a JSONPath state machine', () => {
  it('prints every problem with its path in the definition, one per line, exit 1', async () => {
    const file = jsonFile('broken.asl.json', brokenJsonPath);
    const result = await flow(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const [verdict, ...problems] = lines(result.stdout);
    expect(verdict).toBe(`${file}: the state machine cannot be run as a flow: 4 problem(s)`);
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^error: asl\.States\.Load\.Resource: unknown task_type 'mystery'; registered types: .*print/,
        ),
        "error: asl.States.Load.Parameters.id.$: '$.order[' is not a valid JSONPath: unclosed bracketed selection ('$.order[':8)",
        expect.stringMatching(/^error: asl\.States\.Hold\.SecondsPath: '\$\.delays\[\*]' must be a reference path/),
        'error: asl.States.Ship.Parameters.message: value must be a string',
      ]),
    );
  });

  it('names the problems of its shape the same way: states, rules, transitions', async () => {
    const file = jsonFile('shape.asl.json', {
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericEquals: 'one', Next: 'Done' }],
          Default: 'Nowhere',
        },
        Done: { Type: 'Succeed', ResultPath: '$.x' },
      },
    });
    const result = await flow(['validate', '--json', file]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ valid: false, code: 'validation_error' });
    expect(report.errors.map((error: { path: string }) => error.path)).toEqual([
      'asl.States.Check.Choices[0].NumericEquals',
      'asl.States.Check.Default',
      'asl.States.Done.ResultPath',
    ]);
  });

  it('sums a valid bare definition up as its states and the tasks they became, exit 0', async () => {
    const result = await flow(['validate', path.join(FLOWS_DIR, 'order-jsonpath.asl.json')]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(lines(result.stdout)).toEqual([
      expect.stringMatching(
        /order-jsonpath\.asl\.json: valid state machine \(JSONPath\): 9 state\(s\) -> 8 task\(s\) of flow 'asl-[0-9a-f]{12}'$/,
      ),
    ]);
  });

  it('prints the warnings of a valid machine with their paths, and still exits 0', async () => {
    const file = jsonFile('warned.asl.json', {
      asl: {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            Label: 'each',
            ItemProcessor: {
              StartAt: 'Say',
              States: { Say: { Type: 'Task', Resource: 'flow:print', HeartbeatSeconds: 10, End: true } },
            },
            End: true,
          },
        },
      },
      input: [1, 2],
    });
    const result = await flow(['validate', file]);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      expect.stringMatching(
        /warned\.asl\.json: valid state machine \(JSONPath\): 2 state\(s\) -> 2 task\(s\) of flow 'asl-[0-9a-f]{12}'$/,
      ),
      'warning: asl.States.Each.Label: a map names its iterations by the execution and the item index: Label is left out',
      'warning: asl.States.Each.ItemProcessor.States.Say.HeartbeatSeconds: a task sends no heartbeats (only a .waitForTaskToken task waits for them): HeartbeatSeconds is left out',
    ]);
  });
});

describe('flow validate of a JSONata state machine', () => {
  it('reads { asl, input } and says which language it is in', async () => {
    const file = jsonFile('greet.asl.json', {
      asl: {
        QueryLanguage: 'JSONata',
        StartAt: 'Greet',
        States: {
          Greet: { Type: 'Pass', Output: "{% 'hello ' & $states.input.name %}", Next: 'Done' },
          Done: { Type: 'Succeed' },
        },
      },
      input: { name: 'Ada' },
    });
    const result = await flow(['validate', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/: valid state machine \(JSONata\): 2 state\(s\) -> 1 task\(s\) of flow 'asl-/);
  });

  it('names a broken expression by its path, exit 1', async () => {
    const file = jsonFile('bad-expression.asl.json', {
      QueryLanguage: 'JSONata',
      StartAt: 'Greet',
      States: { Greet: { Type: 'Pass', Output: '{% $states.input. %}', End: true } },
    });
    const result = await flow(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^error: asl\.States\.Greet\.Output: /m);
  });
});

describe('flow validate --substitutions', () => {
  const templated = {
    StartAt: 'Greet',
    States: {
      Greet: {
        Type: 'Task',
        Resource: 'flow:${TaskType}',
        Parameters: { message: 'hello from ${Stage}' },
        End: true,
      },
    },
  };

  it('fills the placeholders from a JSON file, and checks the definition they give', async () => {
    const file = jsonFile('templated.asl.json', templated);
    const good = await flow([
      'validate',
      file,
      '--substitutions',
      jsonFile('subs.json', { TaskType: 'print', Stage: 'dev' }),
    ]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/valid state machine \(JSONPath\): 1 state\(s\) -> 1 task\(s\)/);

    const wrong = await flow([
      'validate',
      file,
      '--substitutions',
      jsonFile('subs.json', { TaskType: 'mystery', Stage: 'dev' }),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^error: asl\.States\.Greet\.Resource: unknown task_type 'mystery'/m);
  });

  it('names each placeholder left without a value by its path', async () => {
    const file = jsonFile('templated.asl.json', templated);
    const result = await flow(['validate', file, '--substitutions', jsonFile('subs.json', { Stage: 'dev' })]);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toContain(
      "error: asl.States.Greet.Resource: placeholder ${TaskType} has no value in 'substitutions'",
    );
    expect(result.stdout).not.toContain('Stage');
  });

  it("takes inline JSON too, over the file's own substitutions name by name", async () => {
    const file = jsonFile('wrapped.asl.json', { asl: templated, substitutions: { TaskType: 'mystery', Stage: 'dev' } });
    expect((await flow(['validate', file])).code).toBe(1);
    const result = await flow(['validate', file, '--substitutions', '{"TaskType":"print"}']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it('refuses substitutions that are not names to strings, a file it cannot read, and a flow (exit 2)', async () => {
    const file = jsonFile('templated.asl.json', templated);
    const numbers = await flow(['validate', file, '--substitutions', '{"TaskType": 1}']);
    expect(numbers.code).toBe(1);
    expect(numbers.stdout).toContain('error: substitutions: must be an object of names to strings');

    const missing = await flow(['validate', file, '--substitutions', '/nonexistent/subs.json']);
    expect(missing).toMatchObject({ code: 1, stderr: 'error: cannot read /nonexistent/subs.json: ENOENT\n' });

    const notJson = await flow(['validate', file, '--substitutions', '{"TaskType":']);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('--substitutions');

    const onAFlow = await flow(['validate', jsonFile('flow.json', bareFlow()), '--substitutions', '{"A":"b"}']);
    expect(onAFlow.code).toBe(2);
    expect(onAFlow.stderr).toContain("--substitutions fills a state machine's placeholders; this file holds a flow");
  });
});

describe('flow validate --input', () => {
  it("takes any JSON value as a state machine's input, and only an object as a flow's", async () => {
    const machine = jsonFile('m.asl.json', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    for (const input of ['[1,2]', '"text"', '7', 'null'])
      expect([input, (await flow(['validate', machine, '--input', input])).code]).toEqual([input, 0]);

    const onAFlow = await flow(['validate', jsonFile('flow.json', bareFlow()), '--input', '[1,2]']);
    expect(onAFlow.code).toBe(1);
    expect(onAFlow.stdout).toContain('error: input: input must be a JSON object');
  });

  it('checks the input it is given as the API would: too deep is a problem at its path', async () => {
    const machine = jsonFile('m.asl.json', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    const result = await flow(['validate', machine, '--input-file', jsonFile('deep.json', deep)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^error: input(\[0])*: /m);

    const both = await flow(['validate', machine, '--input', '{}', '--input-file', 'x.json']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --input or --input-file, not both');
  });
});
