/**
 * The fan-out part of the chaos mix: a parallel of three branches, a map of 50 items five at a
 * time whose item 42 fails and is caught by the map's own `catch`, and a map nested in a parallel.
 * Each comes with what its run must give, worked out here in plain code rather than by the engine:
 * the parent's status, path and output, and what each child (by its index path) may end as.
 */

// 10 s: far above what these tasks take (as in chaos-flows.ts).
const noop = (name: string, output: unknown) => ({ name, task_type: 'noop', output, timeout_seconds: 10 });
const subFlow = (tasks: Array<{ name: string } & Record<string, unknown>>, conditions: unknown[] = []) => ({
  start_task: tasks[0]!.name,
  tasks,
  conditions,
});

/** The map flow's size, its window, and the one item whose task fails. */
export const MAP_ITEMS = 50;
export const MAP_CONCURRENCY = 5;
export const REFUSED_ITEM = 42;
const NESTED_ITEMS = [1, 2, 3, 4];
const PARALLEL_INPUT = { n: 7 };

export const FAN_OUT_CHAOS_FLOWS: Record<string, Record<string, unknown>> = {
  fan_out_parallel: {
    id: 'chaos-fan-out-parallel',
    name: 'fan-out parallel',
    start_task: 'all three',
    input: PARALLEL_INPUT,
    tasks: [
      {
        name: 'all three',
        task_type: 'parallel',
        branches: [
          subFlow([noop('add', '{% { "branch": 0, "sum": $states.input.n + 1 } %}')]),
          subFlow([
            noop('double', '{% $states.input.n * 2 %}'),
            noop('label', '{% { "branch": 1, "double": $states.input } %}'),
          ]),
          subFlow([{ name: 'greet', task_type: 'print', parameters: { message: 'hello' }, timeout_seconds: 10 }]),
        ],
      },
      noop('done', '{% $states.input %}'),
    ],
    conditions: [],
  },
  fan_out_map: {
    id: 'chaos-fan-out-map',
    name: 'fan-out map',
    start_task: 'each',
    input: { count: MAP_ITEMS },
    tasks: [
      {
        name: 'each',
        task_type: 'map',
        items: '{% [0..($states.input.count - 1)] %}',
        item_selector: { index: '{% $states.context.Map.Item.Index %}', value: '{% $states.context.Map.Item.Value %}' },
        max_concurrency: MAP_CONCURRENCY,
        item_processor: subFlow(
          [
            noop(
              'square',
              '{% { "index": $states.input.index, "square": $states.input.value * $states.input.value } %}',
            ),
            {
              name: 'refuse',
              task_type: 'print',
              parameters: { message: 'refused', failure_rate: 1 },
              timeout_seconds: 10,
            },
          ],
          [
            {
              name: 'refused?',
              source_task: 'square',
              choices: [{ condition: `{% $states.input.index = ${REFUSED_ITEM} %}`, next: 'refuse' }],
              default: 'end',
            },
          ],
        ),
        catch: [{ error_equals: ['States.ALL'], next: 'caught' }],
      },
      noop('never', '{% $states.input %}'),
      noop('caught', '{% $states.input %}'),
    ],
    conditions: [
      {
        name: 'after each',
        source_task: 'each',
        outcome: 'success',
        target_task_success: 'never',
        target_task_failure: 'end',
      },
      {
        name: 'after never',
        source_task: 'never',
        outcome: 'success',
        target_task_success: 'end',
        target_task_failure: 'end',
      },
    ],
  },
  fan_out_nested: {
    id: 'chaos-fan-out-nested',
    name: 'fan-out map in parallel',
    start_task: 'both',
    input: { items: NESTED_ITEMS },
    tasks: [
      {
        name: 'both',
        task_type: 'parallel',
        branches: [
          subFlow([noop('count', '{% $count($states.input.items) %}')]),
          subFlow([
            {
              name: 'cubes',
              task_type: 'map',
              items: '{% $states.input.items %}',
              max_concurrency: 2,
              item_processor: subFlow([noop('cube', '{% $states.input * $states.input * $states.input %}')]),
            },
          ]),
        ],
      },
    ],
    conditions: [],
  },
};

/** What a child at an index path (`[2]`, `[1, 3]` for the fourth item of the second branch's map) may end as. */
export interface ChildExpectation {
  /** The statuses it may end in, and its output when it SUCCEEDED. */
  statuses: string[];
  output?: unknown;
}

export interface FanOutExpectation {
  status: string;
  path: string[];
  output: unknown;
  /** Every child that must exist, by index path. */
  required: number[][];
  /** What the child at an index path may be; undefined: no such child may exist. */
  child(indexPath: number[]): ChildExpectation | undefined;
}

const only = (output: unknown): ChildExpectation => ({ statuses: ['SUCCEEDED'], output });
const key = (indexPath: number[]) => indexPath.join('.');
const table = (entries: Array<[number[], ChildExpectation]>) => {
  const byPath = new Map(entries.map(([path, expectation]) => [key(path), expectation]));
  return (indexPath: number[]) => byPath.get(key(indexPath));
};

const parallelOutput = [
  { branch: 0, sum: PARALLEL_INPUT.n + 1 },
  { branch: 1, double: PARALLEL_INPUT.n * 2 },
  { message: 'hello' },
];
const cubes = NESTED_ITEMS.map((n) => n ** 3);

/**
 * The map's failure as its catcher sees it: the failed item's error, as a print task that fails
 * gives it (src/tasks/types/print.ts: no code of its own, so States.TaskFailed).
 */
export const REFUSED_ITEM_ERROR = { error: 'States.TaskFailed', cause: 'Simulated print failure' };

export const FAN_OUT_EXPECTATIONS: Record<string, FanOutExpectation> = {
  fan_out_parallel: {
    status: 'SUCCEEDED',
    path: ['all three', 'done'],
    output: parallelOutput,
    required: [[0], [1], [2]],
    child: table(parallelOutput.map((output, i) => [[i], only(output)])),
  },
  fan_out_map: {
    status: 'SUCCEEDED',
    path: ['each', 'caught'],
    output: REFUSED_ITEM_ERROR,
    // Once item 42 fails, the map fails: the items still running are stopped, the later ones never start.
    required: [[REFUSED_ITEM]],
    child: ([index, ...deeper]) => {
      if (index === undefined || deeper.length > 0 || index < 0 || index >= MAP_ITEMS) return undefined;
      if (index === REFUSED_ITEM) return { statuses: ['FAILED'] };
      return { statuses: ['SUCCEEDED', 'ABORTED'], output: { index, square: index * index } };
    },
  },
  fan_out_nested: {
    status: 'SUCCEEDED',
    path: ['both'],
    output: [NESTED_ITEMS.length, cubes],
    required: [[0], [1], ...NESTED_ITEMS.map((_, i) => [1, i])],
    child: table([
      [[0], only(NESTED_ITEMS.length)],
      [[1], only(cubes)],
      ...NESTED_ITEMS.map((n, i): [number[], ChildExpectation] => [[1, i], only(n ** 3)]),
    ]),
  },
};
