import { ValidationError, type ErrorDetail } from '../../src/domain/errors';
import { LIMITS } from '../../src/domain/limits';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';

const registry = defaultRegistry();

type Task = Record<string, unknown>;
const task = (name: string, fields: Task = {}): Task => ({ name, task_type: 'noop', ...fields });
const subFlow = (tasks: Task[], conditions: unknown[] = []) => ({
  start_task: tasks[0]!.name,
  tasks,
  conditions,
});
const parallel = (name: string, branches: unknown[], fields: Task = {}): Task => ({
  name,
  task_type: 'parallel',
  branches,
  ...fields,
});
const map = (name: string, itemProcessor: unknown, fields: Task = {}): Task => ({
  name,
  task_type: 'map',
  item_processor: itemProcessor,
  ...fields,
});
const wrapped = (tasks: Task[], conditions: unknown[] = []) => ({
  flow: { id: 'fan-out', name: 'fan-out', start_task: tasks[0]!.name, tasks, conditions },
});

/** Every problem of a refused request; none for an accepted one. */
function problems(body: unknown): ErrorDetail[] {
  try {
    parseFlowRequest(body, registry);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.details ?? [];
    throw error;
  }
}

/** A map in a parallel in a map ..., `levels` fan-outs deep, with a noop at the bottom. */
function nested(levels: number): Task {
  let inner: Task = task('leaf');
  for (let level = levels; level >= 1; level--) {
    inner = level % 2 === 1 ? map(`level${level}`, subFlow([inner])) : parallel(`level${level}`, [subFlow([inner])]);
  }
  return inner;
}

describe('parallel and map tasks in the flow language', () => {
  it('validates a parallel task: each branch a sub-flow of its own, no parameters, no timeout unless given', () => {
    const body = wrapped([
      parallel('both', [
        subFlow([task('a'), task('b')], [endAfter('a')]),
        subFlow([task('a', { task_type: 'wait', parameters: { seconds: 1 } })]),
      ]),
      task('after'),
    ]);
    const { flow, warnings } = parseFlowRequest(body, registry);
    const [both] = flow.tasks;
    expect(both).toEqual({
      name: 'both',
      task_type: 'parallel',
      parameters: {},
      fan_out: {
        kind: 'parallel',
        branches: [
          {
            start_task: 'a',
            tasks: [
              { name: 'a', task_type: 'noop', parameters: {}, timeout_seconds: 30 },
              { name: 'b', task_type: 'noop', parameters: {}, timeout_seconds: 30 },
            ],
            conditions: [endAfter('a')],
          },
          {
            start_task: 'a',
            tasks: [{ name: 'a', task_type: 'wait', parameters: { seconds: 1, failure_rate: 0 }, timeout_seconds: 30 }],
            conditions: [],
          },
        ],
      },
    });
    expect(warnings).toEqual([{ path: 'flow.tasks[0].branches[0].tasks[1]', message: expect.any(String) }]);
  });

  it('validates a map task with its items, item_selector, concurrency, tolerance and a timeout past 100 s', () => {
    const body = wrapped([
      map('each', subFlow([task('work')]), {
        items: '{% $states.input.orders %}',
        item_selector: { index: '{% $states.context.Map.Item.Index %}', order: '{% $states.context.Map.Item.Value %}' },
        max_concurrency: 5,
        tolerated_failure_percentage: 12.5,
        tolerated_failure_count: 3,
        timeout_seconds: 7200,
        retry: [{ error_equals: ['States.ExceedToleratedFailureThreshold'] }],
        output: '{% $states.result %}',
      }),
    ]);
    const [each] = parseFlowRequest(body, registry).flow.tasks;
    expect(each).toMatchObject({
      task_type: 'map',
      parameters: {},
      timeout_seconds: 7200,
      output: '{% $states.result %}',
      fan_out: {
        kind: 'map',
        items: '{% $states.input.orders %}',
        item_selector: { index: '{% $states.context.Map.Item.Index %}' },
        max_concurrency: 5,
        tolerance: { count: 3, percentage: 12.5 },
        item_processor: { start_task: 'work', tasks: [{ name: 'work', timeout_seconds: 30 }], conditions: [] },
      },
    });
    const defaults = parseFlowRequest(wrapped([map('each', subFlow([task('work')]))]), registry).flow.tasks[0]!;
    expect(defaults.timeout_seconds).toBeUndefined();
    expect(defaults.fan_out).toEqual({ kind: 'map', max_concurrency: 0, item_processor: expect.any(Object) });
    expect(problems(body)).toEqual([]);
  });

  describe('acceptance', () => {
    it('accepts a flow with fan-outs nested in each other, as it accepts any other', () => {
      const body = wrapped([task('first'), map('each', subFlow([parallel('inner', [subFlow([task('a')])])]))]);
      expect(problems(body)).toEqual([]);
      const { flow } = wrapped([parallel('p', [subFlow([task('a')])])]);
      expect(problems(flow)).toEqual([]);
    });
  });

  describe('problems, each with its full path, all at once', () => {
    it('refuses an empty branch list and a parallel or map without its sub-flows', () => {
      expect(
        problems(wrapped([parallel('p', []), { name: 'q', task_type: 'parallel' }, { name: 'm', task_type: 'map' }])),
      ).toEqual([
        { path: 'flow.tasks[0].branches', message: 'branches must have at least one branch' },
        { path: 'flow.tasks[1].branches', message: expect.stringMatching(/^a parallel task needs branches/) },
        { path: 'flow.tasks[2].item_processor', message: expect.stringMatching(/^a map task needs item_processor/) },
      ]);
    });

    it('checks each sub-flow as a flow: structure, references, task types, in its own scope of names', () => {
      const body = wrapped([
        task('outer'),
        parallel('p', [
          subFlow([task('a'), task('b', { tpyo: 1 }), task('c', { task_type: 'mystery' })]),
          subFlow([task('outer')], [{ ...endAfter('outer'), target_task_success: 'a' }]),
        ]),
      ]);
      expect(problems(body)).toEqual([
        { path: 'flow.tasks[1].branches[0].tasks[1].tpyo', message: "unknown field 'tpyo'" },
        {
          path: 'flow.tasks[1].branches[0].tasks[2].task_type',
          message: expect.stringContaining("unknown task_type 'mystery'"),
        },
        {
          path: 'flow.tasks[1].branches[1].conditions[0].target_task_success',
          message: "target_task_success 'a' names no task (use 'end' to finish or 'fail' to fail)",
        },
      ]);
    });

    it('suggests parallel or map for a task_type spelt nearly so', () => {
      expect(problems(wrapped([{ name: 'p', task_type: 'paralel', branches: [subFlow([task('a')])] }]))).toEqual(
        expect.arrayContaining([
          { path: 'flow.tasks[0].task_type', message: expect.stringContaining("(did you mean 'parallel'?)") },
        ]),
      );
    });

    it('refuses a branch condition that names a task of the enclosing flow', () => {
      const body = {
        ...wrapped([
          task('outer'),
          map('m', subFlow([task('inner')], [{ ...endAfter('inner'), target_task_failure: 'outer' }])),
        ]),
      };
      expect(problems(body.flow)).toEqual([
        {
          path: 'tasks[1].item_processor.conditions[0].target_task_failure',
          message: "target_task_failure 'outer' names no task (use 'end' to finish or 'fail' to fail)",
        },
      ]);
    });

    it('names a start_task or catcher in a sub-flow that names no task of it', () => {
      const processor = {
        start_task: 'nope',
        tasks: [task('a', { catch: [{ error_equals: ['States.ALL'], next: 'gone' }] })],
        conditions: [],
      };
      expect(problems(wrapped([map('m', processor)]))).toEqual([
        { path: 'flow.tasks[0].item_processor.start_task', message: "start_task 'nope' names no task" },
        {
          path: 'flow.tasks[0].item_processor.tasks[0].catch[0].next',
          message: expect.stringContaining("next 'gone' names no task"),
        },
      ]);
    });

    it('bounds max_concurrency and the tolerated failures', () => {
      const processor = subFlow([task('a')]);
      const body = wrapped([
        map('m1', processor, { max_concurrency: -1, tolerated_failure_percentage: 101 }),
        map('m2', processor, { max_concurrency: 2.5, tolerated_failure_count: 1.5 }),
        map('m3', processor, { tolerated_failure_count: -1, tolerated_failure_percentage: -0.5 }),
      ]);
      expect(problems(body)).toEqual([
        { path: 'flow.tasks[0].max_concurrency', message: 'max_concurrency must be at least 0' },
        {
          path: 'flow.tasks[0].tolerated_failure_percentage',
          message: 'tolerated_failure_percentage must be at most 100',
        },
        { path: 'flow.tasks[1].max_concurrency', message: 'max_concurrency must be a whole number' },
        { path: 'flow.tasks[1].tolerated_failure_count', message: 'tolerated_failure_count must be a whole number' },
        {
          path: 'flow.tasks[2].tolerated_failure_percentage',
          message: 'tolerated_failure_percentage must be at least 0',
        },
        { path: 'flow.tasks[2].tolerated_failure_count', message: 'tolerated_failure_count must be at least 0' },
      ]);
    });

    it('refuses parameters on a fan-out, and the fields of one kind on the other or on a task', () => {
      const body = wrapped([
        map('m', subFlow([task('a')]), { parameters: { seconds: 1 } }),
        parallel('p', [subFlow([task('a')])], { max_concurrency: 2, item_processor: subFlow([task('a')]) }),
        task('t', { branches: [subFlow([task('a')])], tolerated_failure_count: 1 }),
      ]);
      expect(problems(body)).toEqual([
        { path: 'flow.tasks[0].parameters', message: expect.stringMatching(/^a map task takes no parameters/) },
        { path: 'flow.tasks[1].max_concurrency', message: "max_concurrency is only for task_type 'map'" },
        { path: 'flow.tasks[1].item_processor', message: "item_processor is only for task_type 'map'" },
        { path: 'flow.tasks[2].branches', message: "branches is only for task_type 'parallel'" },
        {
          path: 'flow.tasks[2].tolerated_failure_count',
          message: "tolerated_failure_count is only for task_type 'map'",
        },
      ]);
    });

    it('takes write_results on a map only, as true or false, false when absent', () => {
      const processor = subFlow([task('a')]);
      const definitionOf = (fields: Task) =>
        parseFlowRequest(wrapped([map('m', processor, fields)]), registry).flow.tasks[0]!.fan_out;
      expect(definitionOf({ write_results: true })).toMatchObject({ kind: 'map', write_results: true });
      expect(definitionOf({ write_results: false })).not.toHaveProperty('write_results');
      expect(definitionOf({})).not.toHaveProperty('write_results');
      const body = wrapped([
        map('m', processor, { write_results: 'yes' }),
        parallel('p', [processor], { write_results: true }),
        task('t', { write_results: false }),
      ]);
      expect(problems(body)).toEqual([
        { path: 'flow.tasks[0].write_results', message: 'write_results must be true or false' },
        { path: 'flow.tasks[1].write_results', message: "write_results is only for task_type 'map'" },
        { path: 'flow.tasks[2].write_results', message: "write_results is only for task_type 'map'" },
      ]);
    });

    it("bounds a task's timeout by 100 s and a fan-out's by an execution's", () => {
      const body = wrapped([
        task('slow', { timeout_seconds: 101 }),
        map('long', subFlow([task('a')]), { timeout_seconds: LIMITS.maxExecutionTimeoutSeconds }),
        parallel('too long', [subFlow([task('a')])], { timeout_seconds: LIMITS.maxExecutionTimeoutSeconds + 1 }),
      ]);
      expect(problems(body)).toEqual([
        {
          path: 'flow.tasks[2].timeout_seconds',
          message: `timeout_seconds must be at most 100 for a task, ${LIMITS.maxExecutionTimeoutSeconds} (a year) for a map or parallel`,
        },
        { path: 'flow.tasks[0].timeout_seconds', message: 'timeout_seconds must be at most 100' },
      ]);
    });

    it(`accepts fan-outs nested ${LIMITS.maxFanOutDepth} deep and refuses one more level, naming its path`, () => {
      expect(LIMITS.maxFanOutDepth).toBe(3);
      expect(problems(wrapped([nested(3)]))).toEqual([]);
      expect(problems(wrapped([nested(4)]))).toEqual([
        {
          path: 'flow.tasks[0].item_processor.tasks[0].branches[0].tasks[0].item_processor.tasks[0].task_type',
          message: 'map and parallel tasks nest at most 3 deep (a map in a parallel in a map); this one is at depth 4',
        },
      ]);
    });

    it('refuses a body nested thousands deep with the same answer, not a stack overflow', () => {
      expect(problems(wrapped([nested(3000)]))).toEqual([
        {
          path: expect.stringMatching(/\.item_processor\.tasks\[0]\.task_type$/),
          message: expect.stringContaining('depth 4'),
        },
      ]);
    });

    it(`allows at most ${LIMITS.maxParallelBranches} branches`, () => {
      const branches = Array.from({ length: LIMITS.maxParallelBranches + 1 }, () => subFlow([task('a')]));
      expect(problems(wrapped([parallel('p', branches)]))).toEqual([
        { path: 'flow.tasks[0].branches', message: 'a parallel task may have at most 20 branches' },
      ]);
      expect(problems(wrapped([parallel('p', branches.slice(1))]))).toEqual([]);
    });

    it(`bounds the whole definition's tasks and conditions, sub-flows included, by ${LIMITS.maxTasks} and ${LIMITS.maxConditions}`, () => {
      const tasks = (n: number) => Array.from({ length: n }, (_, i) => task(`t${i}`));
      const conditions = (n: number) => tasks(n).map((t) => endAfter(t.name as string));
      const fits = wrapped([parallel('p', [subFlow(tasks(100)), subFlow(tasks(99))])]);
      expect(problems(fits)).toEqual([]);
      const over = wrapped(
        [parallel('p', [subFlow(tasks(100), conditions(100)), subFlow(tasks(100), conditions(100))])],
        [endAfter('p')],
      );
      expect(problems(over)).toEqual([
        {
          path: 'flow.tasks',
          message:
            'a flow may have at most 200 tasks, those of its branches and item processors included; this one has 201',
        },
        {
          path: 'flow.conditions',
          message:
            'a flow may have at most 200 conditions, those of its branches and item processors included; this one has 201',
        },
      ]);
    });

    it('checks the expressions of items and item_selector', () => {
      const body = wrapped([
        map('m1', subFlow([task('a')]), { items: '{% $states.input. %}', item_selector: { at: '{% ( %}' } }),
        map('m2', subFlow([task('a')]), { items: 'orders', item_selector: '{% $eval("1") %}' }),
        map('m3', subFlow([task('a')]), { items: 7, item_selector: [1] }),
      ]);
      expect(problems(body)).toEqual([
        { path: 'flow.tasks[2].items', message: "items must be a JSON array or an expression '{% ... %}'" },
        {
          path: 'flow.tasks[2].item_selector',
          message: "item_selector must be a JSON object or an expression '{% ... %}'",
        },
        { path: 'flow.tasks[0].items', message: expect.any(String) },
        { path: 'flow.tasks[0].item_selector.at', message: expect.any(String) },
        { path: 'flow.tasks[1].items', message: "items must be a JSON array or an expression '{% ... %}'" },
        { path: 'flow.tasks[1].item_selector', message: expect.stringContaining('$eval is not allowed') },
      ]);
    });

    it('reports the problems of the flow and of every sub-flow in one answer', () => {
      const body = wrapped([
        task('a', { task_type: 'warp' }),
        parallel('p', [subFlow([task('x', { task_type: 'warp' })]), { start_task: 'y', tasks: [], conditions: [] }]),
        map('m', subFlow([task('z', { output: '{% ) %}' })]), { max_concurrency: -3 }),
      ]);
      expect(problems(body).map((p) => p.path)).toEqual([
        'flow.tasks[2].max_concurrency',
        'flow.tasks[0].task_type',
        'flow.tasks[1].branches[0].tasks[0].task_type',
        'flow.tasks[1].branches[1].tasks',
        'flow.tasks[1].branches[1].start_task',
        'flow.tasks[2].item_processor.tasks[0].output',
      ]);
    });
  });

  describe('warnings', () => {
    it(`says a max_concurrency above ${LIMITS.maxFanOutConcurrency} runs at ${LIMITS.maxFanOutConcurrency}`, () => {
      const { flow, warnings } = parseFlowRequest(
        wrapped([map('m', subFlow([task('a')]), { max_concurrency: 150 })]),
        registry,
      );
      expect(flow.tasks[0]!.fan_out).toMatchObject({ max_concurrency: 150 });
      expect(warnings).toEqual([
        {
          path: 'flow.tasks[0].max_concurrency',
          message: 'max_concurrency 150 runs at 100, the most items a map runs at once',
        },
      ]);
      expect(
        parseFlowRequest(wrapped([map('m', subFlow([task('a')]), { max_concurrency: 100 })]), registry).warnings,
      ).toEqual([]);
    });

    it('gives sub-flows the warnings a flow gets, with their paths', () => {
      const loops = subFlow(
        [task('a')],
        [{ name: 'again', source_task: 'a', outcome: 'success', target_task_success: 'a', target_task_failure: 'a' }],
      );
      const { warnings } = parseFlowRequest(
        wrapped([parallel('p', [subFlow([task('a'), task('b')], [endAfter('a')]), loops])]),
        registry,
      );
      expect(warnings.map((w) => w.path)).toEqual([
        'flow.tasks[0].branches[0].tasks[1]',
        'flow.tasks[0].branches[1].start_task',
      ]);
    });
  });
});

function endAfter(source: string) {
  return {
    name: `after ${source}`,
    source_task: source,
    outcome: 'success',
    target_task_success: 'end',
    target_task_failure: 'fail',
  };
}
