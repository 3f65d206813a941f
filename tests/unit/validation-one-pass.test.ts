import { bareFlow, validationProblems } from '../support/validation-problems';

const bare = bareFlow;

// Structural problems (missing, mistyped, unknown fields) and problems of meaning (task types,
// parameters, references between tasks) come back together, in one answer.
describe('validation reports every problem in one pass', () => {
  it('an unknown field, a bad target, a bad parameter and a bad name, all in one 400', () => {
    const body = {
      flow: bare({
        tasks: [
          { name: 'a', task_type: 'noop', retries: 3 },
          { name: 'b', task_type: 'fetch_data', parameters: { failure_rate: 2 } },
          { name: 'c\u0007', task_type: 'noop' },
        ],
        conditions: [
          {
            name: 'c1',
            source_task: 'a',
            outcome: 'success',
            target_task_success: 'nowhere',
            target_task_failure: 'end',
          },
        ],
      }),
    };
    expect(validationProblems(body)).toEqual(
      expect.arrayContaining([
        { path: 'flow.tasks[0].retries', message: "unknown field 'retries'" },
        {
          path: 'flow.conditions[0].target_task_success',
          message: "target_task_success 'nowhere' names no task (use 'end' to finish or 'fail' to fail)",
        },
        { path: 'flow.tasks[1].parameters.failure_rate', message: expect.stringMatching(/<=1|at most|too big/i) },
        { path: 'flow.tasks[2].name', message: 'task name must not contain a control character (U+0007 at index 1)' },
      ]),
    );
    expect(validationProblems(body)).toHaveLength(4);
  });

  it('checks the readable fields of a task or condition that is broken elsewhere', () => {
    const found = validationProblems(
      bare({
        start_task: 'zzz',
        max_steps: 0,
        tasks: [
          { name: 'a', task_type: 'warp', timeout_seconds: -1 },
          { name: 'b', task_type: 'wait', parameters: { seconds: 'soon' }, colour: 'red' },
          { name: 'b', task_type: 'noop' },
        ],
        conditions: [
          {
            name: 'c1',
            source_task: 'ghost',
            outcome: 'maybe',
            target_task_success: 'b',
            target_task_failure: 'nowhere',
            when: 1,
          },
        ],
      }),
    );
    expect(found).toEqual([
      { path: 'max_steps', message: 'max_steps must be at least 1' },
      { path: 'tasks[0].timeout_seconds', message: 'timeout_seconds must be greater than 0' },
      { path: 'tasks[1].colour', message: "unknown field 'colour'" },
      { path: 'conditions[0].outcome', message: "outcome must be 'success' or 'failure'" },
      { path: 'conditions[0].when', message: "unknown field 'when'" },
      { path: 'tasks[2].name', message: "duplicate task name 'b' (also tasks[1])" },
      { path: 'start_task', message: "start_task 'zzz' names no task" },
      { path: 'conditions[0].source_task', message: "source_task 'ghost' names no task" },
      {
        path: 'conditions[0].target_task_failure',
        message: "target_task_failure 'nowhere' names no task (use 'end' to finish or 'fail' to fail)",
      },
      { path: 'tasks[0].task_type', message: expect.stringContaining("unknown task_type 'warp'") },
      { path: 'tasks[1].parameters.seconds', message: expect.any(String) },
    ]);
  });

  it('does not turn a broken part into second, false problems elsewhere', () => {
    // The task list is unreadable: which names exist is unknown, so no reference is judged; the
    // rest of the conditions still is.
    const twoConditions = [
      { name: 'c1', source_task: 'a', outcome: 'success', target_task_success: 'b', target_task_failure: 'end' },
      { name: 'c2', source_task: 'a', outcome: 'failure', target_task_success: 'ghost', target_task_failure: 'end' },
    ];
    expect(validationProblems(bare({ tasks: 'a', conditions: twoConditions }))).toEqual([
      { path: 'tasks', message: 'tasks must be an array' },
      {
        path: 'conditions[1].source_task',
        message: "task 'a' already has a condition (conditions[0]); each task may have at most one",
      },
    ]);
    // A task's own name is refused: references to that name as sent are not problems too.
    expect(
      validationProblems(
        bare({
          tasks: [
            { name: 'a\t', task_type: 'noop' },
            { name: 'b', task_type: 'wait', parameters: { seconds: -1 } },
          ],
        }),
      ),
    ).toEqual([
      { path: 'tasks[0].name', message: 'task name must not contain a control character (U+0009 at index 1)' },
      { path: 'tasks[1].parameters.seconds', message: expect.any(String) },
    ]);
    // A malformed task_type or parameters is reported once, and no type is guessed from the name.
    const tasks = [
      { name: 'noop', task_type: 7 },
      { name: 'b', task_type: 'wait', parameters: [] },
      { name: 'c', task_type: 'warp' },
    ];
    expect(validationProblems(bare({ start_task: 'noop', tasks }))).toEqual([
      { path: 'tasks[0].task_type', message: 'task_type must be a string' },
      { path: 'tasks[1].parameters', message: 'parameters must be a JSON object' },
      { path: 'tasks[2].task_type', message: expect.stringContaining("unknown task_type 'warp'") },
    ]);
  });
});
