import { flowToAsl } from '../../src/asl/export';
import type { ChoiceCondition } from '../../src/domain/flow/flow-definition';
import { writtenDefinition } from '../../src/domain/flow/written-definition';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { validationProblems } from '../support/validation-problems';
import { ValidationError } from '../../src/domain/errors';

/**
 * Assign where the import and the flow validation check it: a JSONPath state's, a catcher's, a
 * Choice rule's and a Choice state's own, in either mode, each problem a 400 naming the field
 * (variable names as Step Functions allows, paths as Parameters' are), and a variable refused as
 * a ResultPath; the native fields they become, and the JSONata ones exported back.
 */

const registry = defaultRegistry();
const importProblems = (asl: unknown) => {
  try {
    parseFlowRequest({ asl }, registry, { asl: true });
  } catch (error) {
    if (error instanceof ValidationError) return error.details!.map((d) => d.path);
    throw error;
  }
  return [];
};
const imported = (asl: unknown) => parseFlowRequest({ asl }, registry, { asl: true }).flow;

const pass = (state: Record<string, unknown>) => ({
  StartAt: 'A',
  States: { A: { Type: 'Pass', ...state, Next: 'B' }, B: { Type: 'Pass', End: true } },
});

describe('Assign at import', () => {
  it('takes a JSONPath Assign on Task, Pass, Wait, Map and Parallel as jsonpath.assign', () => {
    const flow = imported({
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'flow:print', Assign: { 'm.$': '$.message' }, Next: 'P' },
        P: { Type: 'Pass', Assign: { n: 1 }, Next: 'W' },
        W: { Type: 'Wait', Seconds: 1, Assign: { 'w.$': '$m' }, Next: 'M' },
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
          Assign: { 'c.$': 'States.ArrayLength($)' },
          Next: 'Q',
        },
        Q: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }],
          Assign: { q: 1 },
          End: true,
        },
      },
    });
    expect(flow.tasks.map((task) => task.jsonpath?.assign)).toEqual([
      { 'm.$': '$.message' },
      { n: 1 },
      { 'w.$': '$m' },
      { 'c.$': 'States.ArrayLength($)' },
      { q: 1 },
    ]);
  });

  it('keeps a rule’s Assign as its assign and the Choice state’s own as default_assign, in both modes', () => {
    const jsonPath = imported({
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Assign: { big: true }, Next: 'D' }],
          Default: 'D',
          Assign: { 'n.$': '$.n' },
        },
        D: { Type: 'Succeed' },
      },
    }).conditions[0] as ChoiceCondition;
    expect(jsonPath.choices[0]).toEqual({
      rule: { Variable: '$.n', NumericGreaterThan: 1 },
      next: 'end',
      assign: { big: true },
    });
    expect(jsonPath.default_assign).toEqual({ 'n.$': '$.n' });
    const jsonata = imported({
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.n > 1 %}', Next: 'D' }],
          Default: 'D',
          Assign: { n: '{% $states.input.n %}' },
          Output: '{% "default" %}',
        },
        D: { Type: 'Succeed' },
      },
    });
    expect(jsonata.conditions[0]).toMatchObject({
      default_assign: { n: '{% $states.input.n %}' },
      default_output: '{% "default" %}',
    });
    // The Choice of its own hands its input on; its Output is the default's, not its own task's.
    expect(jsonata.tasks[0]).toMatchObject({ task_type: 'noop', output: '{% $states.input %}' });
    expect(jsonata.tasks[0]!.assign).toBeUndefined();
  });

  it('names each problem by the field in the definition', () => {
    expect(importProblems(pass({ Assign: { '1x': 1, 'ok.$': '$.a[' } }))).toEqual([
      'asl.States.A.Assign.1x',
      'asl.States.A.Assign.ok.$',
    ]);
    expect(importProblems(pass({ Assign: { 'states.$': '$.a' } }))).toEqual(['asl.States.A.Assign.states.$']);
    expect(importProblems(pass({ Assign: [1] }))).toContain('asl.States.A.Assign');
    expect(importProblems(pass({ ResultPath: '$x.y' }))).toEqual(['asl.States.A.ResultPath']);
    expect(importProblems(pass({ Parameters: { 'x.$': '$states.input' } }))).toEqual(['asl.States.A.Parameters.x.$']);
    expect(
      importProblems({
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'flow:raise_error',
            Catch: [{ ErrorEquals: ['States.ALL'], Assign: { '2e.$': '$.Error' }, ResultPath: '$x', Next: 'R' }],
            End: true,
          },
          R: { Type: 'Pass', End: true },
        },
      }),
    ).toEqual(['asl.States.T.Catch[0].ResultPath', 'asl.States.T.Catch[0].Assign.2e.$']);
    expect(
      importProblems({
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [{ Variable: '$nope', IsPresent: true, Assign: { 'a b': 1 }, Next: 'D' }],
            Default: 'D',
            Assign: { 'x.$': '$.a..' },
          },
          D: { Type: 'Succeed' },
        },
      }),
    ).toEqual(['asl.States.C.Assign.x.$', 'asl.States.C.Choices[0].Assign.a b']);
    expect(
      importProblems({
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'D' }], Assign: { x: 1 } },
          D: { Type: 'Succeed' },
        },
      }),
    ).toEqual(['asl.States.C.Assign']);
    expect(
      importProblems({
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'flow:raise_error',
            Arguments: { error: 'E' },
            Catch: [{ ErrorEquals: ['States.ALL'], Assign: { e: '{% $states.errorOutput. %}' }, Next: 'R' }],
            End: true,
          },
          R: { Type: 'Pass', End: true },
        },
      }),
    ).toEqual(['asl.States.T.Catch[0].Assign.e']);
  });
});

describe('assign fields of a native flow', () => {
  const flow = (task: Record<string, unknown>, condition?: Record<string, unknown>) => ({
    flow: {
      id: 'assign',
      name: 'assign',
      start_task: 'a',
      tasks: [
        { name: 'a', task_type: 'noop', ...task },
        { name: 'b', task_type: 'noop' },
      ],
      conditions: condition ? [{ name: 'route', source_task: 'a', ...condition }] : [],
    },
  });
  const jsonataRule = { condition: '{% true %}', next: 'b' };
  const aslRule = { rule: { Variable: '$.a', IsPresent: true }, next: 'b' };

  it('checks each in its language, naming the field', () => {
    expect(validationProblems(flow({ jsonpath: { assign: { '1x': 1 } } })).map((d) => d.path)).toEqual([
      'flow.tasks[0].jsonpath.assign.1x',
    ]);
    expect(
      validationProblems(
        flow({
          jsonpath: {},
          catch: [{ error_equals: ['States.ALL'], next: 'b', result_path: '$', assign: { 'x.$': '$.a[' } }],
        }),
      ).map((d) => d.path),
    ).toEqual(['flow.tasks[0].catch[0].assign.x.$']);
    expect(
      validationProblems(
        flow({ catch: [{ error_equals: ['States.ALL'], next: 'b', assign: { x: '{% $states. %}' } }] }),
      ).map((d) => d.path),
    ).toEqual(['flow.tasks[0].catch[0].assign.x']);
    expect(validationProblems(flow({}, { choices: [jsonataRule], default_assign: { x: 1 } }))).toEqual([
      {
        path: 'flow.conditions[0].default_assign',
        message: 'default_assign applies when default is taken: give default',
      },
    ]);
    expect(
      validationProblems(flow({}, { choices: [jsonataRule, aslRule], default: 'b', default_assign: { x: 1 } })),
    ).toEqual([
      { path: 'flow.conditions[0].default_assign', message: expect.stringMatching(/language of the rules/) as string },
    ]);
    expect(validationProblems(flow({}, { choices: [aslRule], default: 'b', default_output: 1 }))).toEqual([
      { path: 'flow.conditions[0].default_output', message: expect.stringMatching(/JSONata template/) as string },
    ]);
    const accepted = parseFlowRequest(
      flow({}, { choices: [aslRule], default: 'b', default_assign: { 'x.$': '$y', z: 1 } }),
      registry,
    );
    expect(accepted.flow.conditions[0]).toMatchObject({ default_assign: { 'x.$': '$y', z: 1 } });
  });

  it('keeps them, and the export writes the JSONata ones back as the catcher’s and the Choice’s Assign and Output', () => {
    const body = flow(
      { catch: [{ error_equals: ['States.ALL'], next: 'b', assign: { cause: '{% $states.errorOutput.Cause %}' } }] },
      {
        choices: [{ ...jsonataRule, condition: '{% $states.input.go %}' }],
        default: 'b',
        default_assign: { d: '{% 1 %}' },
        default_output: '{% { "via": "default" } %}',
      },
    );
    const parsed = parseFlowRequest(body, registry).flow;
    expect(parsed.tasks[0]!.catch![0]!.assign).toEqual({ cause: '{% $states.errorOutput.Cause %}' });
    expect(parsed.conditions[0]).toMatchObject({
      default_assign: { d: '{% 1 %}' },
      default_output: '{% { "via": "default" } %}',
    });
    expect(parseFlowRequest({ flow: writtenDefinition(parsed) }, registry).flow).toEqual(parsed);
    const asl = flowToAsl(parsed).asl as { States: Record<string, Record<string, unknown>> };
    const choice = Object.values(asl.States).find((state) => state.Type === 'Choice')!;
    expect(choice).toMatchObject({ Assign: { d: '{% 1 %}' }, Output: '{% { "via": "default" } %}' });
    expect((asl.States.a!.Catch as unknown[])[0]).toMatchObject({
      Assign: { cause: '{% $states.errorOutput.Cause %}' },
    });
    const back = imported(asl);
    expect(back.tasks.find((t) => t.name === 'a')!.catch![0]!.assign).toEqual({
      cause: '{% $states.errorOutput.Cause %}',
    });
    expect(back.conditions.find((c) => 'choices' in c)).toMatchObject({
      default_assign: { d: '{% 1 %}' },
      default_output: '{% { "via": "default" } %}',
    });
  });
});
