import type { z } from 'zod';
import { planOf } from '../../src/cli/flow-length';
import { ProgressRenderer } from '../../src/cli/progress';
import { formatSeconds } from '../../src/cli/text';
import type { ValidationError } from '../../src/domain/errors';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { closestName } from '../../src/domain/problems/suggestions';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { stepEvents } from '../../src/views/history-view';
import { flowDef } from '../support/flows';
import { validationProblems } from '../support/validation-problems';

const registry = defaultRegistry();
/** How zod words a problem by default: none of it may reach a user. */
const ZOD_PHRASING =
  /^(Too small|Too big|Invalid input|Invalid option|Invalid string|Invalid number|Invalid key|Invalid value|Invalid discriminator|Unrecognized key|Invalid [A-Za-z ]+$)|expected .*, received|: expected /;

const flowWith = (task: Record<string, unknown>, flow: Record<string, unknown> = {}) => ({
  id: 'w',
  name: 'W',
  start_task: 't',
  tasks: [{ name: 't', ...task }],
  conditions: [],
  ...flow,
});

/** Values at and past every usual boundary, and of every JSON type. */
const ODD_VALUES: unknown[] = [
  -1,
  0,
  0.5,
  1.5,
  1e12,
  -1e12,
  '',
  'x',
  'x'.repeat(5000),
  true,
  null,
  [],
  [1],
  {},
  { a: 1 },
];

describe('every validation message is worded by us', () => {
  it("a task type's parameters out of range or mistyped: `<field> must …`, never zod's phrasing", () => {
    expect(validationProblems(flowWith({ task_type: 'print', parameters: { failure_rate: -1 } }))).toEqual([
      { path: 'tasks[0].parameters.failure_rate', message: 'failure_rate must be at least 0' },
    ]);
    expect(validationProblems(flowWith({ task_type: 'print', parameters: { message: 1 } }))).toEqual([
      { path: 'tasks[0].parameters.message', message: 'message must be a string' },
    ]);
    expect(validationProblems(flowWith({ task_type: 'fetch_data', parameters: { delay_ms: 1.5 } }))).toEqual([
      { path: 'tasks[0].parameters.delay_ms', message: 'delay_ms must be a whole number' },
    ]);
  });

  it('no parameter of any registered task type, nor any field of a flow, task or retrier, answers in zod words', () => {
    const messages: string[] = [];
    const collect = (body: unknown) => {
      try {
        parseFlowRequest(body, registry);
      } catch (error) {
        messages.push(...((error as ValidationError).details ?? []).map((p) => p.message));
      }
    };
    for (const type of registry.names()) {
      const shape = (registry.get(type)!.parameters as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
      for (const field of Object.keys(shape))
        for (const value of ODD_VALUES) collect(flowWith({ task_type: type, parameters: { [field]: value } }));
    }
    const retrier = { error_equals: ['States.ALL'] };
    for (const value of ODD_VALUES) {
      for (const field of [
        'id',
        'name',
        'start_task',
        'max_steps',
        'timeout_seconds',
        'tasks',
        'conditions',
        'description',
      ])
        collect({ ...flowWith({ task_type: 'noop' }), [field]: value });
      for (const field of [
        'name',
        'task_type',
        'parameters',
        'timeout_seconds',
        'retry',
        'catch',
        'arguments',
        'assign',
        'description',
      ])
        collect(flowWith({ task_type: 'noop', [field]: value }));
      for (const field of [
        'error_equals',
        'interval_seconds',
        'max_attempts',
        'backoff_rate',
        'max_delay_seconds',
        'jitter',
      ])
        collect(flowWith({ task_type: 'noop', retry: [{ ...retrier, [field]: value }] }));
      collect(
        flowWith(
          { task_type: 'noop' },
          {
            conditions: [
              { name: 'c', source_task: 't', outcome: value, target_task_success: 'end', target_task_failure: value },
            ],
          },
        ),
      );
    }
    expect(messages.length).toBeGreaterThan(500);
    expect(messages.filter((message) => ZOD_PHRASING.test(message))).toEqual([]);
  });
});

describe('a misspelt field or task type names the closest valid one', () => {
  it('suggests a field of the same object, at most two edits away', () => {
    expect(validationProblems(flowWith({ task_type: 'print', parameters: { mesage: 'hi' } }))).toEqual([
      { path: 'tasks[0].parameters.mesage', message: "unknown field 'mesage' (did you mean 'message'?)" },
    ]);
    expect(validationProblems({ ...flowWith({ task_type: 'noop' }), start_tsk: 't' })).toContainEqual({
      path: 'start_tsk',
      message: "unknown field 'start_tsk' (did you mean 'start_task'?)",
    });
    expect(
      validationProblems(flowWith({ task_type: 'noop', retry: [{ error_equals: ['X'], max_atempts: 2 }] })),
    ).toContainEqual({
      path: 'tasks[0].retry[0].max_atempts',
      message: "unknown field 'max_atempts' (did you mean 'max_attempts'?)",
    });
    expect(validationProblems({ flow: flowWith({ task_type: 'noop' }), imput: {} })).toContainEqual({
      path: 'imput',
      message: "unknown field 'imput' (did you mean 'input'?) (a wrapped request has only 'flow' and 'input')",
    });
    // Nothing close: no guess.
    expect(validationProblems({ ...flowWith({ task_type: 'noop' }), colour: 'red' })).toContainEqual({
      path: 'colour',
      message: "unknown field 'colour'",
    });
  });

  it('suggests a registered task type, then lists them all', () => {
    const [problem] = validationProblems(flowWith({ task_type: 'fetch_dta' }));
    expect(problem).toEqual({
      path: 'tasks[0].task_type',
      message: `unknown task_type 'fetch_dta' (did you mean 'fetch_data'?); registered types: ${registry.names().join(', ')}`,
    });
    expect(validationProblems(flowWith({ task_type: 'mystery' }))[0]!.message).not.toContain('did you mean');
  });

  it('only when close: two edits at most, and a third of the name at most', () => {
    expect(closestName('mesage', ['message', 'failure_rate'])).toBe('message');
    expect(closestName('Message', ['message'])).toBe('message');
    expect(closestName('id', ['to', 'name'])).toBeUndefined();
    expect(closestName('paramters', ['parameters', 'name'])).toBe('parameters');
    expect(closestName('xyzzy', ['message'])).toBeUndefined();
  });
});

describe('numbers and columns as a person reads them', () => {
  it("rounds a jittered retry delay in the history to the millisecond, and in the CLI's step lines to a tenth", () => {
    const flow = flowDef({ tasks: ['a'] });
    const step = {
      seq: 1,
      task_name: 'a',
      task_type: 'noop',
      status: 'FAILED' as const,
      attempt: 1,
      started_at: '2026-01-01T00:00:00.000Z',
      completed_at: '2026-01-01T00:00:00.010Z',
      duration_ms: 10,
      next: {
        type: 'run' as const,
        task: 'a',
        seq: 2,
        via: 'retry' as const,
        rule: 0,
        retries: [1],
        delay_seconds: 1.2114281796078914,
      },
    };
    const events = stepEvents(step, flow);
    expect(events.find((e) => e.type === 'RetryScheduled')!.detail).toMatchObject({ delay_seconds: 1.211 });

    const written: string[] = [];
    new ProgressRenderer({ write: (text: string) => written.push(text) }, undefined, ['a']).events(
      events.map((e) =>
        e.type === 'RetryScheduled' ? { ...e, detail: { ...e.detail, delay_seconds: 1.2114281796078914 } } : e,
      ),
    );
    expect(written.join('')).toContain('-> retry 1 in 1.2 s (step 2)');
    expect([formatSeconds(2), formatSeconds(0.04321), formatSeconds(37.6)]).toEqual(['2', '0.04', '38']);
  });

  it("aligns a state machine's step lines: its state names are known before it runs, however long", () => {
    const asl = {
      asl: {
        QueryLanguage: 'JSONata',
        StartAt: 'Fetch the customer record',
        States: {
          'Fetch the customer record': {
            Type: 'Task',
            Resource: 'flow:noop',
            Next: 'A very long state name that goes on and on',
          },
          'A very long state name that goes on and on': { Type: 'Pass', End: true },
        },
      },
    };
    const plan = planOf(asl);
    expect(plan.taskNames).toEqual(['Fetch the customer record', 'A very long state name that goes on and on']);
    const written: string[] = [];
    const renderer = new ProgressRenderer({ write: (text: string) => written.push(text) }, plan.steps, plan.taskNames);
    for (const [step, task] of plan.taskNames.entries()) {
      renderer.events([
        { id: step * 10 + 12, type: 'TaskSucceeded', time: 't', task, step: step + 1, detail: { duration_ms: 5 } },
      ]);
    }
    const lines = written.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(new Set(lines.map((line) => line.indexOf('SUCCEEDED'))).size).toBe(1);
  });
});
