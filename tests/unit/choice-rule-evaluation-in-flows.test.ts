import { ErrorCode } from '../../src/domain/error-codes';
import type { Execution } from '../../src/domain/execution/execution';
import type { ChoiceCondition, ChoiceRule, TaskDefinition } from '../../src/domain/flow/flow-definition';
import { chooseRule, type DataScope } from '../../src/service/step-data';
import { EngineDriver } from '../support/engine-driver';

/**
 * A choice's States Language `rule` when the source task succeeded: read through the JSONPath
 * reader on the task's output and `$$`, a type mismatch false, a path that matches nothing the
 * catchable States.Runtime, and no match without a default States.NoChoiceMatched.
 */

const task: TaskDefinition = { name: 'classify', task_type: 'noop', parameters: {}, timeout_seconds: 30 };
const execution: Execution = {
  execution_id: 'e-rules',
  flow_id: 'f',
  flow_name: 'F',
  definition_hash: 'choice-rule-evaluation',
  status: 'RUNNING',
  created_at: '2026-01-01T00:00:00.000Z',
  cursor: { seq: 1, task: 'classify', timeout_seconds: 30 },
  attempts: 1,
  steps_recorded: 0,
  max_steps: 100,
  state: {
    input: { region: 'eu', tier: 'gold' },
    results: new Map(),
    data: { from: 'the task input' },
    variables: new Map(),
  },
  progress: new Map(),
};
const scope: DataScope = { execution, task, enteredAt: new Date('2026-01-01T00:00:05Z') };

const condition = (choices: ChoiceRule[], withDefault = false): ChoiceCondition => ({
  name: 'route',
  source_task: 'classify',
  choices,
  ...(withDefault && { default: 'end' }),
});
/** Which rule of `choices` a task's `output` picks. */
const chosen = (choices: ChoiceRule[], output: unknown, withDefault = false) =>
  chooseRule(scope, execution.definition_hash, condition(choices, withDefault), output, new Map());
/** Whether one rule holds for `output`: 0 when it does, `none` when not. */
const holds = async (rule: Record<string, unknown>, output: unknown) => {
  const outcome = await chosen([{ rule, next: 'end' }], output);
  if (!outcome.ok) throw new Error(`failed: ${outcome.failure.error}`);
  return outcome.value === 0;
};

describe('a States Language choice rule, evaluated by the step', () => {
  const data = {
    kind: 'parcel',
    name: 'log-2026.txt',
    weight: 12.5,
    limit: 10,
    fragile: true,
    sent: '2026-03-14T01:59:00Z',
    nothing: null,
    other: 'parcel',
  };

  it.each([
    [{ Variable: '$.kind', StringEquals: 'parcel' }, true],
    [{ Variable: '$.kind', StringLessThan: 'letter' }, false],
    [{ Variable: '$.kind', StringGreaterThanEquals: 'parcel' }, true],
    [{ Variable: '$.name', StringMatches: 'log-*.txt' }, true],
    [{ Variable: '$.name', StringMatches: 'log-*.csv' }, false],
    [{ Variable: '$.weight', NumericGreaterThan: 12 }, true],
    [{ Variable: '$.weight', NumericLessThanEquals: 12 }, false],
    [{ Variable: '$.weight', NumericEquals: 12.5 }, true],
    [{ Variable: '$.fragile', BooleanEquals: true }, true],
    [{ Variable: '$.sent', TimestampLessThan: '2026-03-14T02:00:00+00:00' }, true],
    [{ Variable: '$.sent', TimestampEquals: '2026-03-14T02:59:00+01:00' }, true],
    [{ Variable: '$.nothing', IsNull: true }, true],
    [{ Variable: '$.missing', IsPresent: false }, true],
    [{ Variable: '$.kind', IsPresent: true }, true],
    [{ Variable: '$.weight', IsNumeric: true }, true],
    [{ Variable: '$.weight', IsString: true }, false],
    [{ Variable: '$.fragile', IsBoolean: true }, true],
    [{ Variable: '$.sent', IsTimestamp: true }, true],
    [{ Variable: '$.weight', NumericGreaterThanPath: '$.limit' }, true],
    [{ Variable: '$.kind', StringEqualsPath: '$.other' }, true],
    // A type mismatch is false, not an error (the spec).
    [{ Variable: '$.kind', NumericEquals: 1 }, false],
    [{ Variable: '$.weight', StringEqualsPath: '$.other' }, false],
  ])('%j is %s', async (rule, expected) => {
    expect(await holds(rule, data)).toBe(expected);
  });

  it('nests And, Or and Not to any depth, And and Or stopping at the first rule that decides them', async () => {
    const rule = {
      Or: [
        // Guarded: without its IsPresent, reading $.missing would fail the step.
        {
          And: [
            { Variable: '$.missing', IsPresent: true },
            { Variable: '$.missing', NumericEquals: 1 },
          ],
        },
        {
          Not: {
            Or: [
              { Variable: '$.kind', StringEquals: 'letter' },
              { Not: { Variable: '$.fragile', BooleanEquals: true } },
            ],
          },
        },
      ],
    };
    expect(await holds(rule, data)).toBe(true);
    expect(await holds(rule, { ...data, fragile: false })).toBe(false);
  });

  it('reads $$ as the context object: the execution input, the state name', async () => {
    expect(await holds({ Variable: '$$.Execution.Input.tier', StringEquals: 'gold' }, data)).toBe(true);
    expect(await holds({ Variable: '$$.State.Name', StringEquals: 'classify' }, data)).toBe(true);
    expect(await holds({ Variable: '$.weight', NumericLessThanPath: '$$.Execution.Input.region' }, data)).toBe(false);
  });

  it('takes the first rule that holds, JSONata and States Language rules mixed, then the default or none', async () => {
    const choices: ChoiceRule[] = [
      { condition: '{% $states.input.kind = "letter" %}', next: 'a' },
      { rule: { Variable: '$.kind', StringEquals: 'parcel' }, next: 'b' },
      { rule: { Variable: '$.kind', IsString: true }, next: 'c' },
    ];
    expect(await chosen(choices, data)).toEqual({ ok: true, value: 1 });
    expect(await chosen(choices, { kind: 'letter' })).toEqual({ ok: true, value: 0 });
    expect(await chosen(choices.slice(1), { kind: 7 }, true)).toEqual({ ok: true, value: 'default' });
    expect(await chosen(choices.slice(1), { kind: 7 })).toEqual({ ok: true, value: 'none' });
  });

  it('reads the task input when the task handed on nothing (null), as a JSONata rule does', async () => {
    expect(await holds({ Variable: '$.from', StringEquals: 'the task input' }, null)).toBe(true);
  });

  it('fails with States.Runtime, naming the condition and the field, when a path matches nothing', async () => {
    const missingVariable = await chosen([{ rule: { Variable: '$.missing', StringEquals: 'x' }, next: 'end' }], data);
    expect(missingVariable).toEqual({
      ok: false,
      failure: {
        status: 'failure',
        error_code: ErrorCode.Runtime,
        error: "condition 'route', choices[0].rule.Variable: the path '$.missing' matches nothing in the input",
      },
    });
    const missingOperand = await chosen(
      [
        { rule: { Variable: '$.kind', StringEquals: 'letter' }, next: 'end' },
        { rule: { And: [{ Variable: '$.weight', NumericGreaterThanPath: '$.no.limit' }] }, next: 'end' },
      ],
      data,
    );
    expect(missingOperand).toMatchObject({
      ok: false,
      failure: {
        error_code: ErrorCode.Runtime,
        error: expect.stringContaining('choices[1].rule.And[0].NumericGreaterThanPath'),
      },
    });
  });
});

describe('a flow with States Language choice rules, run by the engine', () => {
  const ends = (name: string) => ({
    name: `${name}_ends`,
    source_task: name,
    outcome: 'success',
    target_task_success: 'end',
    target_task_failure: 'fail',
  });
  const flow = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    id: 'routed',
    name: 'routed',
    start_task: 'classify',
    tasks: [
      { name: 'classify', task_type: 'noop', catch: [{ error_equals: ['States.Runtime'], next: 'recover' }] },
      { name: 'large', task_type: 'noop' },
      { name: 'vip', task_type: 'noop' },
      { name: 'small', task_type: 'noop' },
      { name: 'recover', task_type: 'noop', output: '{% $states.input %}' },
    ],
    conditions: [
      { name: 'route', source_task: 'classify', choices, ...extra },
      ends('large'),
      ends('vip'),
      ends('small'),
      ends('recover'),
    ],
  });
  const choices = [
    {
      rule: {
        And: [
          { Variable: '$.amount', IsPresent: true },
          { Variable: '$.amount', NumericGreaterThan: 100 },
        ],
      },
      next: 'large',
    },
    { rule: { Variable: '$$.Execution.Input.customer.tier', StringEquals: 'gold' }, next: 'vip' },
    { condition: '{% $exists($states.input.amount) and $states.input.amount < 0 %}', next: 'fail' },
  ];

  async function run(body: Record<string, unknown>, input: Record<string, unknown>) {
    const d = new EngineDriver();
    const id = await d.start(body, input);
    await d.drain();
    return { execution: await d.execution(id), tasks: (await d.steps(id)).map((s) => s.task_name) };
  }

  it('routes each input by the first rule that holds, to completion', async () => {
    const routed = flow(choices, { default: 'small' });
    expect(await run(routed, { amount: 500, customer: { tier: 'gold' } })).toMatchObject({
      execution: { status: 'SUCCEEDED' },
      tasks: ['classify', 'large'],
    });
    expect(await run(routed, { amount: 5, customer: { tier: 'gold' } })).toMatchObject({
      execution: { status: 'SUCCEEDED' },
      tasks: ['classify', 'vip'],
    });
    expect(await run(routed, { customer: { tier: 'basic' } })).toMatchObject({
      execution: { status: 'SUCCEEDED' },
      tasks: ['classify', 'small'],
    });
  });

  it('fails with States.NoChoiceMatched when no rule holds and there is no default', async () => {
    const { execution } = await run(flow(choices), { amount: 5, customer: { tier: 'basic' } });
    expect(execution).toMatchObject({ status: 'FAILED', reason: ErrorCode.NoChoiceMatched });
  });

  it('fails the task with States.Runtime when a rule reads a path that is not there, which its catch takes', async () => {
    const unguarded = [{ rule: { Variable: '$.amount', NumericGreaterThan: 100 }, next: 'large' }];
    const { execution, tasks } = await run(flow(unguarded, { default: 'small' }), { customer: { tier: 'gold' } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(tasks).toEqual(['classify', 'recover']);
    expect(execution.state.data).toMatchObject({
      error: ErrorCode.Runtime,
      cause: expect.stringContaining("the path '$.amount' matches nothing in the input"),
    });
  });
});
