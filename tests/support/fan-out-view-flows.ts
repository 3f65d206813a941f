/** Fan-out flows (request shape) for the tests of the fan-out views, driven by EngineDriver. */

/** Items whose `fail` is true fail their iteration; the others hand on their `n`. */
export const failingWhenTold = {
  start_task: 'check',
  tasks: [
    { name: 'check', task_type: 'noop', output: '{% $states.input.fail ? $error("item failed") : $states.input.n %}' },
  ],
  conditions: [],
};
export const items = (total: number, failing: (n: number) => boolean = () => false) =>
  Array.from({ length: total }, (_, n) => ({ n, fail: failing(n) }));

export const mapTask = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  task_type: 'map',
  items: '{% $states.input.list %}',
  item_processor: failingWhenTold,
  ...extra,
});
export const oneTask = (name: string, output: unknown) => ({
  start_task: name,
  tasks: [{ name, task_type: 'noop', output }],
  conditions: [],
});
export const flowOf = (tasks: Array<Record<string, unknown>>, conditions: unknown[] = []) => ({
  id: 'fan-out-views',
  name: 'Fan-out views',
  start_task: tasks[0]!.name,
  tasks,
  conditions,
});
export const then = (from: string, to: string) => ({
  name: `${from}-${to}`,
  source_task: from,
  outcome: 'success',
  target_task_success: to,
  target_task_failure: 'fail',
});
