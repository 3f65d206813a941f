/**
 * Flows with map and parallel tasks, as users write them, for the tests of what they become
 * elsewhere (a state machine, a stored definition shown back): a parallel with every field a task
 * takes and routing inside its branches, a map with every field of its own, and map in parallel in
 * map, the deepest nesting allowed.
 */
type Task = { name: string } & Record<string, unknown>;
const task = (name: string, fields: Record<string, unknown> = {}): Task => ({ name, task_type: 'noop', ...fields });
const subFlow = (tasks: Task[], conditions: unknown[] = []) => ({
  start_task: tasks[0]!.name,
  tasks,
  conditions,
});
const flow = (id: string, tasks: Task[], conditions: unknown[] = []) => ({
  flow: { id, name: id, start_task: tasks[0]!.name, tasks, conditions },
});

export const FAN_OUT_FLOWS = {
  parallel: flow(
    'parallel-flow',
    [
      {
        name: 'Both',
        description: 'charge and ship at once',
        task_type: 'parallel',
        arguments: { order: '{% $states.input.order %}' },
        branches: [
          subFlow(
            [task('charge', { task_type: 'print', parameters: { message: 'charged' } }), task('receipt')],
            [
              {
                name: 'big?',
                source_task: 'charge',
                choices: [{ condition: '{% $states.input.amount > 100 %}', next: 'receipt' }],
                default: 'fail',
                error: 'Order.Small',
              },
            ],
          ),
          subFlow([task('ship')]),
        ],
        output: '{% $states.result[0] %}',
        assign: { both: '{% $states.result %}' },
        retry: [{ error_equals: ['States.ALL'], max_attempts: 2 }],
        catch: [{ error_equals: ['States.ALL'], next: 'recover' }],
        timeout_seconds: 600,
      },
      task('recover'),
      task('done'),
    ],
    [
      {
        name: 'Both',
        source_task: 'Both',
        outcome: 'success',
        target_task_success: 'done',
        target_task_failure: 'end',
      },
    ],
  ),
  map: flow('map-flow', [
    {
      name: 'Each',
      task_type: 'map',
      items: '{% $states.input.orders %}',
      item_selector: { order: '{% $states.context.Map.Item.Value %}', index: '{% $states.context.Map.Item.Index %}' },
      max_concurrency: 5,
      tolerated_failure_percentage: 2.5,
      tolerated_failure_count: 3,
      item_processor: subFlow([task('work')]),
      output: '{% $count($states.result) %}',
    },
  ]),
  nested: flow('nested-flow', [
    {
      name: 'Outer',
      task_type: 'map',
      items: [1, 2, 3],
      item_processor: subFlow([
        {
          name: 'Both',
          task_type: 'parallel',
          branches: [
            subFlow([task('first')]),
            subFlow([
              {
                name: 'Inner',
                task_type: 'map',
                tolerated_failure_percentage: 50,
                item_processor: subFlow([task('leaf')]),
              },
            ]),
          ],
        },
      ]),
    },
    task('after'),
  ]),
};
