import type { Execution } from '../../src/domain/execution/execution';
import type { ChoiceCondition, FlowDefinition, TaskDefinition } from '../../src/domain/flow/flow-definition';
import { settleStep } from '../../src/engine/settle-step';
import { routeByChoice } from '../../src/service/choice-routing';
import { failureData } from '../../src/service/failure-data';
import { jsonPathAfterSuccess, jsonPathParameters } from '../../src/service/jsonpath-data';
import type { DataScope } from '../../src/service/step-data';

/**
 * Where a step evaluates Assign and what `$` is there (Step Functions' workflow variables, as
 * LocalStack's interpreter runs them): a Task's raw result before ResultSelector, a Pass state's
 * result, a Wait's effective input, a Choice's input for a rule's Assign and, only when the
 * Default is taken, for the state's own; a catcher's error output. Every one reads the variables
 * as they were before the state.
 */

const execution = (variables: Array<[string, unknown]> = [['who', 'before']], data: unknown = { n: 2 }): Execution => ({
  execution_id: 'e-assign',
  flow_id: 'f',
  flow_name: 'F',
  definition_hash: 'assign-evaluation',
  status: 'RUNNING',
  created_at: '2026-01-01T00:00:00.000Z',
  cursor: { seq: 1, task: 't', timeout_seconds: 30 },
  attempts: 1,
  steps_recorded: 0,
  max_steps: 100,
  state: { input: {}, results: new Map(), data, variables: new Map(variables) },
  progress: new Map(),
});
const scopeOf = (task: Partial<TaskDefinition>, exec = execution()): DataScope => ({
  execution: exec,
  task: { name: 't', task_type: 'print', parameters: {}, timeout_seconds: 30, ...task },
  enteredAt: new Date('2026-01-01T00:00:05Z'),
});
const value = <T>(outcome: { ok: true; value: T } | { ok: false; failure: { error?: string } }): T => {
  if (!outcome.ok) throw new Error(`failed: ${outcome.failure.error}`);
  return outcome.value;
};

describe("a JSONPath state's assign after a success", () => {
  it('reads a task’s raw result as $, before result_selector, with the variables before the task', () => {
    const jsonpath = {
      result_selector: { 'shout.$': '$.message' },
      result_path: '$.r',
      assign: { 'raw.$': '$', 'was.$': '$who', who: 'after' },
    };
    const { handedOn, assigned } = value(jsonPathAfterSuccess(scopeOf({ jsonpath }), jsonpath, { message: 'hi' }));
    expect(Object.fromEntries(assigned)).toEqual({ raw: { message: 'hi' }, was: 'before', who: 'after' });
    expect(handedOn).toEqual({ n: 2, r: { shout: 'hi' } });
  });

  it('reads a Pass state’s Result as $, else its Parameters’ output, else its effective input', () => {
    const withResult = { result: { v: 5 }, result_path: '$.r', assign: { 'v.$': '$.v' } };
    expect(value(jsonPathAfterSuccess(scopeOf({ task_type: 'noop' }), withResult, null)).assigned.get('v')).toBe(5);
    const withParameters = { parameters: { 'twice.$': 'States.MathAdd($.n, $.n)' }, assign: { 'x.$': '$.twice' } };
    expect(value(jsonPathAfterSuccess(scopeOf({ task_type: 'noop' }), withParameters, null)).assigned.get('x')).toBe(4);
    const alone = { assign: { 'x.$': '$.n' } };
    expect(value(jsonPathAfterSuccess(scopeOf({ task_type: 'noop' }), alone, null)).assigned.get('x')).toBe(2);
  });

  it('reads a Wait’s effective input (after input_path) as $', () => {
    const jsonpath = { input_path: '$.inner', assign: { 'k.$': '$.k' } };
    const scope = scopeOf({ task_type: 'wait' }, execution([], { inner: { k: 'v' }, k: 'outer' }));
    expect(value(jsonPathAfterSuccess(scope, jsonpath, { waited_seconds: 0 })).assigned.get('k')).toBe('v');
  });

  it('sets nothing without assign, and fails with States.Runtime on an unset variable', () => {
    expect(value(jsonPathAfterSuccess(scopeOf({}), {}, 1)).assigned.size).toBe(0);
    const outcome = jsonPathAfterSuccess(scopeOf({}), { assign: { 'x.$': '$unset' } }, 1);
    expect(outcome).toEqual({
      ok: false,
      failure: expect.objectContaining({
        error_code: 'States.Runtime',
        error: expect.stringContaining("variable 'unset'") as string,
      }) as unknown,
    });
  });

  it('lets the parameters read variables', () => {
    const jsonpath = { parameters: { 'message.$': "States.Format('hi {}', $who)" } };
    expect(value(jsonPathParameters(scopeOf({ jsonpath }), jsonpath))).toEqual({ message: 'hi before' });
  });
});

describe('a choice’s assign', () => {
  const rules = (extra: Partial<ChoiceCondition> = {}): ChoiceCondition => ({
    name: 'route',
    source_task: 't',
    choices: [
      { rule: { Variable: '$set', StringEquals: 'big' }, next: 'big', assign: { 'seen.$': '$.n', 'old.$': '$who' } },
    ],
    default: 'small',
    default_assign: { 'via.$': '$.n', who: 'default' },
    ...extra,
  });
  const route = (condition: ChoiceCondition, taskAssigned: Array<[string, unknown]>, output: unknown = { n: 9 }) =>
    routeByChoice(scopeOf({ task_type: 'noop' }), 'assign-evaluation', condition, output, new Map(taskAssigned));

  it('reads the variables its source task just set, and sets the chosen rule’s over the choice’s input', async () => {
    const routed = value(await route(rules(), [['set', 'big']]));
    expect(routed.choice).toBe(0);
    expect(Object.fromEntries(routed.assigned)).toEqual({ set: 'big', seen: 9, old: 'before' });
  });

  it('applies the state’s own assign only when the default is taken', async () => {
    const routed = value(await route(rules(), [['set', 'small']], { n: 1 }));
    expect(routed.choice).toBe('default');
    expect(Object.fromEntries(routed.assigned)).toEqual({ set: 'small', via: 1, who: 'default' });
  });

  it('reads JSONata default_assign and default_output with condition rules', async () => {
    const condition: ChoiceCondition = {
      name: 'route',
      source_task: 't',
      choices: [{ condition: '{% $states.input.n > 5 %}', next: 'big' }],
      default: 'small',
      default_assign: { d: '{% $states.input.n * 10 %}', was: '{% $who %}' },
      default_output: '{% { "via": "default" } %}',
    };
    const taken = value(await route(condition, [], { n: 2 }));
    expect(Object.fromEntries(taken.assigned)).toEqual({ d: 20, was: 'before' });
    expect(taken.handedOn).toEqual({ via: 'default' });
    const matched = value(await route(condition, [], { n: 9 }));
    expect(matched.assigned.size).toBe(0);
    expect(matched.handedOn).toEqual({ n: 9 });
  });

  it('fails a Variable on an unset variable with States.Runtime naming it', async () => {
    const outcome = await route(rules(), []);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.failure.error_code).toBe('States.Runtime');
      expect(outcome.failure.error).toContain("the path '$set' reads the variable 'set', which is not set");
    }
  });
});

describe('a catcher’s assign', () => {
  const failure = { status: 'failure' as const, error_code: 'Custom', error: 'it broke' };

  it('reads the error output as $ in JSONPath mode, and the engine sets what it assigned', async () => {
    const task = {
      jsonpath: {},
      catch: [
        { error_equals: ['States.ALL'], next: 'r', result_path: '$.err', assign: { 'e.$': '$.Error', 'w.$': '$who' } },
      ],
    };
    const scope = scopeOf(task);
    const data = await failureData(scope, 'assign-evaluation', failure);
    expect(Object.fromEntries(data.assigned!)).toEqual({ e: 'Custom', w: 'before' });
    const flow: FlowDefinition = {
      id: 'f',
      name: 'F',
      start_task: 't',
      max_steps: 100,
      tasks: [scope.task, { ...scope.task, name: 'r' }],
      conditions: [],
    };
    const settled = settleStep(flow, scope.execution, {
      seq: 1,
      task: 't',
      taskType: 'print',
      attempt: 1,
      startedAt: new Date(),
      completedAt: new Date(),
      result: failure,
      ...data,
    });
    expect(settled.transition).toMatchObject({ type: 'run', task: 'r' });
    expect(Object.fromEntries(settled.state.variables!)).toEqual({ who: 'before', e: 'Custom', w: 'before' });
    expect(settled.state.data).toEqual({ n: 2, err: { Error: 'Custom', Cause: 'it broke' } });
  });

  it('sees $states.errorOutput in JSONata mode', async () => {
    const task = {
      catch: [{ error_equals: ['Custom'], next: 'r', assign: { msg: '{% $states.errorOutput.Cause %}' } }],
    };
    expect((await failureData(scopeOf(task), 'assign-evaluation', failure)).assigned?.get('msg')).toBe('it broke');
  });

  it('is not evaluated while a retrier takes the failure', async () => {
    const task = {
      retry: [
        {
          error_equals: ['States.ALL'],
          interval_seconds: 1,
          max_attempts: 2,
          backoff_rate: 2,
          jitter: 'NONE' as const,
        },
      ],
      catch: [{ error_equals: ['States.ALL'], next: 'r', assign: { msg: '{% $states.errorOutput.Cause %}' } }],
    };
    expect((await failureData(scopeOf(task), 'assign-evaluation', failure)).assigned).toBeUndefined();
  });

  it('fails the execution, terminal, when it cannot be evaluated', async () => {
    const task = {
      jsonpath: {},
      catch: [{ error_equals: ['States.ALL'], next: 'r', result_path: '$', assign: { 'x.$': '$nope' } }],
    };
    const data = await failureData(scopeOf(task), 'assign-evaluation', failure);
    expect(data.terminal).toBe(true);
    expect(data.result).toMatchObject({ status: 'failure', error_code: 'States.Runtime' });
  });
});
