import { bareFlow } from '../support/validation-problems';
import { ValidationError } from '../../src/domain/errors';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { snakeCase } from '../../src/flow-requests/task-resolution';
import { LIMITS } from '../../src/domain/limits';
import { defaultRegistry } from '../../src/tasks/default-registry';
import type { TaskRegistry } from '../../src/ports/task-registry';
import { createRegistry } from '../../src/tasks/registry';
import noop from '../../src/tasks/types/noop';
import { sampleFlow } from '../support/flows';

const registry = defaultRegistry();

/** The details of the ValidationError that parsing `body` throws. */
function problems(body: unknown, withRegistry: TaskRegistry = registry): Array<{ path: string; message: string }> {
  try {
    parseFlowRequest(body, withRegistry);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details ?? [];
  }
  throw new Error('expected a validation error');
}

const bare = bareFlow;

describe('accepted shapes', () => {
  it('accepts the classic wrapped sample and resolves task types from descriptions', () => {
    const { flow, input, warnings } = parseFlowRequest(sampleFlow('classic-pipeline.json'), registry);
    expect(flow.tasks.map((t) => t.task_type)).toEqual(['fetch_data', 'process_data', 'store_data']);
    expect(flow.max_steps).toBe(LIMITS.defaultMaxSteps);
    expect(input).toEqual({});
    expect(warnings).toEqual([]);
  });

  it('accepts the bare /flow service form with task_types and parameters, defaulting parameters', () => {
    const { flow } = parseFlowRequest(sampleFlow('flow-service-pipeline.json'), registry);
    expect(flow.tasks[0]).toMatchObject({
      task_type: 'fetch_data',
      parameters: { data_source: 'external_api', failure_rate: 0, delay_ms: 0 },
    });
    expect(flow.tasks[2]!.parameters).toMatchObject({ storage_path: '/data/processed/', format: 'json' });
  });

  it('takes input beside a wrapped flow and beside a bare one', () => {
    expect(parseFlowRequest({ flow: bare(), input: { a: 1 } }, registry).input).toEqual({ a: 1 });
    expect(parseFlowRequest({ ...bare(), input: { b: [1] } }, registry).input).toEqual({ b: [1] });
  });

  it('resolves task_type by the task name when it is a registered type', () => {
    const { flow } = parseFlowRequest(bare({ tasks: [{ name: 'noop' }], start_task: 'noop' }), registry);
    expect(flow.tasks[0]!.task_type).toBe('noop');
  });

  it('prefers an explicit task_type over name and description', () => {
    const { flow } = parseFlowRequest(
      bare({ tasks: [{ name: 'print', description: 'Fetch data', task_type: 'noop' }], start_task: 'print' }),
      registry,
    );
    expect(flow.tasks[0]!.task_type).toBe('noop');
  });

  it('allows a task named end, and reaches it in list order without calling it unreachable', () => {
    const { flow, warnings } = parseFlowRequest(sampleFlow('print-and-wait.json'), registry);
    expect(flow.tasks.map((t) => t.name)).toEqual(['start', 'pause', 'end']);
    expect(warnings).toEqual([]);
  });

  it('reports unreachable tasks as warnings, not errors', () => {
    const { warnings } = parseFlowRequest(
      bare({
        tasks: [
          { name: 'a', task_type: 'noop' },
          { name: 'b', task_type: 'noop' },
          { name: 'c', task_type: 'noop' },
        ],
        conditions: [
          { name: 'c1', source_task: 'a', outcome: 'success', target_task_success: 'end', target_task_failure: 'end' },
        ],
      }),
      registry,
    );
    expect(warnings.map((w) => w.path)).toEqual(['tasks[1]', 'tasks[2]']);
    expect(warnings[0]!.message).toMatch(/'b' is unreachable/);
  });

  it('converts descriptions to snake case the way the originals did', () => {
    expect(snakeCase('Fetch data')).toBe('fetch_data');
    expect(snakeCase('  Store   Data! ')).toBe('store_data');
  });
});

describe('rejected flows: every problem at once, each with a path', () => {
  it('rejects a non-object body', () => {
    expect(problems([1, 2])).toEqual([{ path: 'body', message: 'must be a JSON object' }]);
    expect(problems('x')[0]!.path).toBe('body');
  });

  it('names missing required fields', () => {
    const paths = problems({ name: 'x' }).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'start_task', 'tasks', 'conditions']));
    expect(problems({ name: 'x' }).find((p) => p.path === 'id')!.message).toBe('id is required');
  });

  it('prefixes paths with flow. for the wrapped shape', () => {
    expect(problems({ flow: bare({ id: 5 }) })).toEqual([{ path: 'flow.id', message: 'id must be a string' }]);
  });

  it('rejects unknown fields on the flow, tasks, conditions and the envelope by name', () => {
    const body = {
      flow: bare({
        colour: 'red',
        tasks: [{ name: 'a', task_type: 'noop', parmeters: {} }],
        conditions: [
          {
            name: 'c',
            source_task: 'a',
            outcome: 'success',
            target_task_success: 'end',
            target_task_failure: 'end',
            when: 1,
          },
        ],
      }),
      extra: true,
    };
    const found = problems(body);
    expect(found).toEqual(
      expect.arrayContaining([
        { path: 'extra', message: expect.stringContaining("unknown field 'extra'") },
        { path: 'flow.colour', message: "unknown field 'colour'" },
        { path: 'flow.tasks[0].parmeters', message: "unknown field 'parmeters' (did you mean 'parameters'?)" },
        { path: 'flow.conditions[0].when', message: "unknown field 'when'" },
      ]),
    );
  });

  it('rejects wrong types everywhere', () => {
    const found = problems(bare({ tasks: 'a', conditions: {}, max_steps: 'many', input: [] }));
    expect(found.map((p) => p.path)).toEqual(expect.arrayContaining(['tasks', 'conditions', 'max_steps', 'input']));
  });

  it('rejects empty and over-long names, and an empty task list', () => {
    expect(problems(bare({ tasks: [{ name: '  ', task_type: 'noop' }] }))).toContainEqual({
      path: 'tasks[0].name',
      message: 'task name must not be empty',
    });
    expect(problems(bare({ name: 'x'.repeat(1000) }))[0]!.path).toBe('name');
    expect(problems(bare({ tasks: [] }))).toContainEqual({ path: 'tasks', message: 'a flow needs at least one task' });
  });

  it(`rejects more than ${LIMITS.maxTasks} tasks`, () => {
    const tasks = Array.from({ length: LIMITS.maxTasks + 1 }, (_, i) => ({ name: `t${i}`, task_type: 'noop' }));
    expect(problems(bare({ tasks, start_task: 't0' }))[0]).toEqual({
      path: 'tasks',
      message: `a flow may have at most ${LIMITS.maxTasks} tasks`,
    });
  });

  it('rejects duplicate task names and a start_task that names no task, together', () => {
    const found = problems(
      bare({
        start_task: 'zzz',
        tasks: [
          { name: 'a', task_type: 'noop' },
          { name: 'a', task_type: 'noop' },
        ],
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { path: 'tasks[1].name', message: "duplicate task name 'a' (also tasks[0])" },
        { path: 'start_task', message: "start_task 'zzz' names no task" },
      ]),
    );
  });

  it('checks condition sources, targets and one condition per task', () => {
    const found = problems(
      bare({
        conditions: [
          {
            name: 'c1',
            source_task: 'ghost',
            outcome: 'success',
            target_task_success: 'b',
            target_task_failure: 'end',
          },
          {
            name: 'c2',
            source_task: 'a',
            outcome: 'success',
            target_task_success: 'nowhere',
            target_task_failure: 'end',
          },
          { name: 'c3', source_task: 'a', outcome: 'failure', target_task_success: 'b', target_task_failure: 'b' },
        ],
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { path: 'conditions[0].source_task', message: "source_task 'ghost' names no task" },
        {
          path: 'conditions[1].target_task_success',
          message: "target_task_success 'nowhere' names no task (use 'end' to finish or 'fail' to fail)",
        },
        {
          path: 'conditions[2].source_task',
          message: expect.stringContaining("task 'a' already has a condition (conditions[1])"),
        },
      ]),
    );
  });

  it("rejects an outcome other than 'success' or 'failure'", () => {
    const found = problems(
      bare({
        conditions: [
          { name: 'c', source_task: 'a', outcome: 'ok', target_task_success: 'b', target_task_failure: 'end' },
        ],
      }),
    );
    expect(found).toEqual([{ path: 'conditions[0].outcome', message: "outcome must be 'success' or 'failure'" }]);
  });

  it('lists the registered types when a task_type does not resolve', () => {
    // Names no task file can ever register (type names are lower snake case starting with a
    // letter), so this holds whatever types the project adds.
    const found = problems(
      bare({
        tasks: [
          { name: 'a', task_type: '../../etc/passwd' },
          { name: 'B', description: '2 Send email' },
        ],
      }),
    );
    expect(found[0]).toEqual({
      path: 'tasks[0].task_type',
      message: `unknown task_type '../../etc/passwd'; registered types: ${registry.names().join(', ')}`,
    });
    expect(found[1]!.message).toMatch(/name 'B' or description '2_send_email' is not a registered type/);
  });

  it('never resolves inherited object members as task types', () => {
    // A registry of one type, so that no added task file can make any of these names resolve.
    const onlyNoop = createRegistry([noop]);
    const tasks = [
      { name: 'a', task_type: 'constructor' },
      { name: '__proto__' },
      { name: 'b', task_type: 'toString' },
      { name: 'c', description: 'constructor' },
    ];
    const found = problems(bare({ tasks }), onlyNoop);
    expect(found.map((p) => p.path)).toEqual([
      'tasks[0].task_type',
      'tasks[1].task_type',
      'tasks[2].task_type',
      'tasks[3].task_type',
    ]);
  });

  it("checks parameters against the task type's own schema", () => {
    const found = problems(
      bare({
        tasks: [
          { name: 'a', task_type: 'fetch_data', parameters: { failure_rate: 2, data_sauce: 'x' } },
          { name: 'b', task_type: 'wait', parameters: { seconds: 'soon' } },
        ],
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { path: 'tasks[0].parameters.failure_rate', message: expect.stringMatching(/<=1|at most|too big/i) },
        { path: 'tasks[0].parameters.data_sauce', message: "unknown field 'data_sauce' (did you mean 'data_source'?)" },
        { path: 'tasks[1].parameters.seconds', message: expect.any(String) },
      ]),
    );
  });

  it('rejects __proto__, constructor and prototype keys in parameters, keeping them inert', () => {
    const body = JSON.parse(
      '{"id":"f","name":"n","start_task":"a","conditions":[],"tasks":[{"name":"a","task_type":"noop","parameters":{"__proto__":{"polluted":true}}}]}',
    );
    expect(problems(body)).toEqual([
      { path: 'tasks[0].parameters.__proto__', message: "key '__proto__' is not allowed" },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(
      problems(bare({ tasks: [{ name: 'a', task_type: 'noop', parameters: { x: [{ constructor: 1 }] } }] })),
    ).toEqual([{ path: 'tasks[0].parameters.x[0].constructor', message: "key 'constructor' is not allowed" }]);
  });

  it('rejects the same keys anywhere in input', () => {
    expect(problems({ ...bare(), input: { a: { b: { prototype: {} } } } })).toEqual([
      { path: 'input.a.b.prototype', message: "key 'prototype' is not allowed" },
    ]);
    expect(
      problems(
        JSON.parse(
          '{"flow":{"id":"f","name":"n","start_task":"a","conditions":[],"tasks":[{"name":"a","task_type":"noop"}]},"input":{"__proto__":{"x":1}}}',
        ),
      ),
    ).toEqual([{ path: 'input.__proto__', message: "key '__proto__' is not allowed" }]);
  });

  it(`rejects input nested deeper than ${LIMITS.maxJsonDepth} levels, even 10,000 deep, without recursion`, () => {
    const deep = JSON.parse(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`);
    expect(problems({ ...bare(), input: deep })).toEqual([
      { path: 'input', message: `must not be nested deeper than ${LIMITS.maxJsonDepth} levels` },
    ]);
    let ok: Record<string, unknown> = {};
    for (let i = 0; i < LIMITS.maxJsonDepth - 1; i++) ok = { a: ok };
    expect(parseFlowRequest({ ...bare(), input: ok }, registry).input).toBe(ok);
  });

  it(`rejects an input above ${LIMITS.maxInputBytes} bytes with 413 naming input`, () => {
    expect(() => parseFlowRequest({ ...bare(), input: { blob: 'x'.repeat(LIMITS.maxInputBytes) } }, registry)).toThrow(
      expect.objectContaining({
        status: 413,
        details: [{ path: 'input', message: `must be at most ${LIMITS.maxInputBytes} bytes` }],
      }),
    );
    expect(
      parseFlowRequest({ ...bare(), input: { blob: 'x'.repeat(LIMITS.maxInputBytes - 100) } }, registry).input,
    ).toBeDefined();
  });

  it('bounds max_steps to 1..25000', () => {
    expect(problems(bare({ max_steps: 0 }))).toEqual([{ path: 'max_steps', message: 'max_steps must be at least 1' }]);
    expect(problems(bare({ max_steps: 25_001 }))).toEqual([
      { path: 'max_steps', message: 'max_steps must be at most 25000' },
    ]);
    expect(parseFlowRequest(bare({ max_steps: 25_000 }), registry).flow.max_steps).toBe(25_000);
  });
});
