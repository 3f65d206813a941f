import { AslNotExpressibleError } from '../../src/asl/asl-errors';
import { flowToAsl } from '../../src/asl/export';
import { ValidationError } from '../../src/domain/errors';
import type { ChoiceCondition } from '../../src/domain/flow/flow-definition';
import { writtenDefinition } from '../../src/domain/flow/written-definition';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { aslRuleText } from '../../src/graph/asl-rule-text';
import { flowGraph } from '../../src/graph/flow-graph';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { EngineDriver } from '../support/engine-driver';
import { validationProblems } from '../support/validation-problems';

/**
 * A choice's `rule`: one Amazon States Language Choice rule as written, without its Next, beside
 * the JSONata `condition` (docs/flow-language.md, "Choice rules in JSONPath mode"). Checked at
 * submission as an imported Choice state's rules are, kept as written, drawn, and refused by the
 * JSONata-mode export rather than dropped.
 */

const registry = defaultRegistry();
const withChoices = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
  flow: {
    id: 'rules',
    name: 'rules',
    start_task: 'a',
    tasks: [
      { name: 'a', task_type: 'noop' },
      { name: 'b', task_type: 'noop' },
    ],
    conditions: [{ name: 'route', source_task: 'a', choices, default: 'end', ...extra }],
  },
});
const choicesOf = (body: unknown) => (parseFlowRequest(body, registry).flow.conditions[0] as ChoiceCondition).choices;

describe('a choice rule written in the States Language, at submission', () => {
  const nested = {
    And: [
      { Variable: '$.amount', IsPresent: true },
      {
        Or: [
          { Variable: '$.amount', NumericGreaterThanPath: '$.limit' },
          { Not: { Variable: '$$.Execution.Input.vip', BooleanEquals: true } },
        ],
      },
    ],
  };

  it('is accepted beside JSONata conditions, kept as written, and validates back to the same definition', () => {
    const body = withChoices([
      { rule: { Variable: '$.kind', StringEquals: 'a' }, next: 'b' },
      { condition: '{% $states.input.kind = "c" %}', next: 'b' },
      { rule: nested, next: 'fail' },
      { rule: { Variable: "$.tags['x y'][0]", StringMatches: 'log-*.txt' }, next: 'b' },
    ]);
    const choices = choicesOf(body);
    expect(choices).toEqual(body.flow.conditions[0]!.choices);
    const { flow } = parseFlowRequest(body, registry);
    expect(parseFlowRequest({ flow: writtenDefinition(flow) }, registry).flow).toEqual(flow);
  });

  it('names each problem of a rule by its path, all at once', () => {
    const problems = validationProblems(
      withChoices([
        { rule: { Variable: 'amount', NumericEquals: '5' }, next: 'b' },
        {
          rule: {
            And: [{ Variable: '$.a', IsPresent: true }, { Not: { Variable: '$.t', TimestampEquals: 'yesterday' } }],
          },
          next: 'b',
        },
        { rule: { Variable: '$.a', StringEquals: 'x', Next: 'b', Output: 'c' }, next: 'b' },
        { rule: { Variable: '$.a' }, next: 'b' },
        { rule: { Variable: '$.a', StringEquals: 'x', NumericEquals: 1 }, next: 'b' },
        { rule: { Variable: '$.a', StringMatches: 'open\\' }, next: 'b' },
        { rule: { Variable: '$.a', NumericLessThanPath: '$..limit' }, next: 'b' },
      ]),
    );
    const at = (i: number, field = '') => `flow.conditions[0].choices[${i}].rule${field}`;
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: at(0, '.Variable'), message: expect.stringContaining('must be a path such as $.field') },
        { path: at(0, '.NumericEquals'), message: 'must be a number' },
        { path: at(1, '.And[1].Not.TimestampEquals'), message: expect.stringContaining('must be a timestamp') },
        { path: at(2, '.Next'), message: "is not part of a rule here: the choice's next says where it goes" },
        { path: at(2, '.Output'), message: "'Output' is not supported on a choice rule" },
        { path: at(3), message: expect.stringContaining('must have one comparison') },
        { path: at(4), message: expect.stringContaining('has 2 comparisons (StringEquals, NumericEquals)') },
        { path: at(5, '.StringMatches'), message: expect.any(String) },
        { path: at(6, '.NumericLessThanPath'), message: expect.stringContaining('must be a path') },
      ]),
    );
    expect(problems.every((p) => p.path.startsWith('flow.conditions[0].choices['))).toBe(true);
    expect(problems).toHaveLength(9);
  });

  it('refuses a path the JSONPath reader cannot read, so that no rule fails at run time for its shape', () => {
    expect(validationProblems(withChoices([{ rule: { Variable: '$.a b', IsString: true }, next: 'b' }]))).toEqual([
      {
        path: 'flow.conditions[0].choices[0].rule.Variable',
        message: expect.stringContaining('is not a valid JSONPath'),
      },
    ]);
  });

  it('wants exactly one of condition and rule, and rule a JSON object', () => {
    expect(
      validationProblems(withChoices([{ condition: '{% true %}', rule: { Variable: '$', IsNull: true }, next: 'b' }])),
    ).toEqual([{ path: 'flow.conditions[0].choices[0].rule', message: 'give condition (JSONata) or rule, not both' }]);
    expect(validationProblems(withChoices([{ next: 'b' }]))).toEqual([
      { path: 'flow.conditions[0].choices[0].condition', message: expect.stringContaining('condition is required') },
    ]);
    expect(validationProblems(withChoices([{ rule: [{ Variable: '$', IsNull: true }], next: 'b' }]))).toEqual([
      { path: 'flow.conditions[0].choices[0].rule', message: 'rule must be a JSON object' },
    ]);
  });

  it('refuses a rule nested deeper than JSON documents may be, before reading it', () => {
    let rule: Record<string, unknown> = { Variable: '$.a', IsNull: true };
    for (let i = 0; i < 40; i++) rule = { Not: rule };
    const problems = validationProblems(withChoices([{ rule, next: 'b' }]));
    expect(problems).toEqual([
      {
        path: expect.stringMatching(/^flow\.conditions\[0\]\.choices\[0\]\.rule/),
        message: expect.stringContaining('deep'),
      },
    ]);
  });

  it('is a 400 that names the field, and nothing is written', async () => {
    const d = new EngineDriver();
    const writes = jest.spyOn(d.store, 'createExecution');
    const bad = withChoices([{ rule: { Variable: '$.a', NumericEquals: 'x' }, next: 'b' }]);
    const refusal = await d.start(bad).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).status).toBe(400);
    expect((refusal as ValidationError).details).toEqual([
      { path: 'flow.conditions[0].choices[0].rule.NumericEquals', message: 'must be a number' },
    ]);
    expect(writes).not.toHaveBeenCalled();
    expect(d.dispatcher.history).toEqual([]);
  });
});

describe('a choice rule written in the States Language, shown and exported', () => {
  it('is drawn as one line of text on its graph edge', () => {
    const { flow } = parseFlowRequest(
      withChoices([
        { rule: { Variable: '$.kind', StringEquals: 'a' }, next: 'b' },
        { rule: { Not: { Variable: '$.rating', NumericGreaterThanPath: '$.auditThreshold' } }, next: 'b' },
      ]),
      registry,
    );
    const choices = flowGraph(flow).edges.filter((e) => e.kind === 'choice');
    expect(choices[0]).toMatchObject({
      label: '$.kind StringEquals "a"',
      condition: '$.kind StringEquals "a"',
      rule: 0,
    });
    expect(choices[1]).toMatchObject({
      label: 'Not ($.rating NumericGreaterT…',
      condition: 'Not ($.rating NumericGreaterThanPath $.auditThreshold)',
      rule: 1,
    });
  });

  it('reads as text: comparisons, type tests, paths as written, And and Or grouped, Not', () => {
    expect(aslRuleText({ Variable: '$$.Execution.Input.x', IsPresent: true })).toBe(
      '$$.Execution.Input.x IsPresent true',
    );
    expect(aslRuleText({ Variable: '$.n', NumericLessThanEquals: 2.5 })).toBe('$.n NumericLessThanEquals 2.5');
    expect(
      aslRuleText({
        Or: [
          {
            And: [
              { Variable: '$.a', IsNull: false },
              { Variable: '$.a', StringEqualsPath: '$.b' },
            ],
          },
          { Not: { Variable: '$.c', BooleanEquals: true } },
        ],
      }),
    ).toBe('($.a IsNull false And $.a StringEqualsPath $.b) Or Not ($.c BooleanEquals true)');
    expect(aslRuleText({ Something: 1 })).toBe('{"Something":1}');
  });

  it('is refused by the JSONata-mode export, naming the rule, rather than dropped', () => {
    const { flow } = parseFlowRequest(
      withChoices([
        { condition: '{% $states.input.kind = "c" %}', next: 'b' },
        { rule: { Variable: '$.kind', StringEquals: 'a' }, next: 'b' },
      ]),
      registry,
    );
    const refusal = (() => {
      try {
        flowToAsl(flow);
      } catch (error) {
        return error;
      }
      throw new Error('expected a refusal');
    })();
    expect(refusal).toBeInstanceOf(AslNotExpressibleError);
    expect((refusal as AslNotExpressibleError).status).toBe(400);
    expect((refusal as AslNotExpressibleError).details).toEqual([
      {
        path: 'flow.conditions[0].choices[1].rule',
        message: expect.stringContaining('the export writes JSONata mode'),
      },
    ]);
  });
});

describe("a JSONata choice's assign", () => {
  it('is checked at submission, kept, written back and exported as the rule’s Assign', () => {
    const body = withChoices([
      {
        condition: '{% $states.input.n > 1 %}',
        assign: { size: '{% "big" %}', n: '{% $states.input.n %}' },
        next: 'b',
      },
    ]);
    const { flow } = parseFlowRequest(body, registry);
    expect((flow.conditions[0] as ChoiceCondition).choices[0]).toEqual(body.flow.conditions[0]!.choices[0]);
    expect(parseFlowRequest({ flow: writtenDefinition(flow) }, registry).flow).toEqual(flow);
    const states = flowToAsl(flow).asl.States as Record<string, { Choices?: Array<Record<string, unknown>> }>;
    const choice = Object.values(states).find((state) => state.Choices)!;
    expect(choice.Choices![0]).toMatchObject({ Assign: { size: '{% "big" %}', n: '{% $states.input.n %}' } });

    expect(
      validationProblems(
        withChoices([{ condition: '{% true %}', assign: { 'not a name': 1, ok: '{% $states.input. %}' }, next: 'b' }]),
      ).map((d) => d.path),
    ).toEqual(['flow.conditions[0].choices[0].assign.not a name', 'flow.conditions[0].choices[0].assign.ok']);
    expect(
      validationProblems(
        withChoices([{ rule: { Variable: '$.a', IsPresent: true }, assign: { 'x.$': '$.a..', '1y': 1 }, next: 'b' }]),
      ).map((d) => d.path),
    ).toEqual(['flow.conditions[0].choices[0].assign.1y', 'flow.conditions[0].choices[0].assign.x.$']);
  });
});

describe("a choice's output_path (a Choice state's OutputPath)", () => {
  it('is checked at submission, kept, and refused by the JSONata-mode export naming it', () => {
    const body = withChoices([{ rule: { Variable: '$.kind', StringEquals: 'a' }, next: 'b' }], {
      output_path: '$.keep',
    });
    const { flow } = parseFlowRequest(body, registry);
    expect((flow.conditions[0] as ChoiceCondition).output_path).toBe('$.keep');
    expect(parseFlowRequest({ flow: writtenDefinition(flow) }, registry).flow).toEqual(flow);
    expect(() =>
      flowToAsl({
        ...flow,
        conditions: [{ ...flow.conditions[0]!, choices: [{ condition: '{% true %}', next: 'b' }] }],
      }),
    ).toThrow(/flow\.conditions\[0\]\.output_path: the export writes JSONata mode/);
    expect(validationProblems(withChoices([{ condition: '{% true %}', next: 'b' }], { output_path: 'keep' }))).toEqual([
      { path: 'flow.conditions[0].output_path', message: expect.stringMatching(/keep/) },
    ]);
  });
});
