import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { validationProblems } from '../support/validation-problems';

const registry = defaultRegistry();
const bare = (tasks: unknown[], conditions: unknown[] = []) => ({
  id: 'f',
  name: 'f',
  start_task: 'a',
  tasks,
  conditions,
});

describe('the flow language on submission', () => {
  it('accepts retry, catch, arguments, output, assign, choices and fail, with defaults filled in', () => {
    const { flow } = parseFlowRequest(
      bare(
        [
          {
            name: 'a',
            task_type: 'flaky',
            retry: [{ error_equals: ['ConnectionTimeout'] }],
            catch: [{ error_equals: ['States.ALL'], next: 'b' }],
            output: '{% $states.result %}',
            assign: { n: '{% 1 %}' },
          },
          { name: 'b', task_type: 'print', arguments: { message: '{% $string($n) %}' } },
          { name: 'c', task_type: 'wait', parameters: { seconds: '{% $n * 60 %}' } },
        ],
        [
          {
            name: 'route',
            source_task: 'b',
            choices: [{ condition: '{% $n > 0 %}', next: 'c' }],
            default: 'fail',
            error: 'Custom.Error',
            cause: 'why',
          },
        ],
      ),
      registry,
    );
    expect(flow.tasks[0]!.retry).toEqual([
      { error_equals: ['ConnectionTimeout'], interval_seconds: 1, max_attempts: 3, backoff_rate: 2, jitter: 'NONE' },
    ]);
    expect(flow.conditions[0]).toEqual({
      name: 'route',
      source_task: 'b',
      choices: [{ condition: '{% $n > 0 %}', next: 'c' }],
      default: 'fail',
      error: 'Custom.Error',
      cause: 'why',
    });
  });

  it('names every malformed retry, catch, choice and expression with its path, in one answer', () => {
    const problems = validationProblems(
      bare(
        [
          {
            name: 'a',
            task_type: 'noop',
            retry: [
              { error_equals: ['States.ALL', 'X'], backoff_rate: 0.5, jitter: 'SOME' },
              { error_equals: ['Y'], max_attempts: -1 },
            ],
            catch: [
              { error_equals: ['States.ALL'], next: 'nowhere' },
              { error_equals: ['Z'], next: 'b' },
            ],
            output: '{% $states.result.( %}',
            assign: { 'bad name': 1, ok: '{% $eval("1") %}' },
          },
          { name: 'b', task_type: 'print', parameters: { message: 'x' }, arguments: { message: 'y' } },
        ],
        [{ name: 'c', source_task: 'b', choices: [{ condition: 'true', next: 'a' }], outcome: 'success' }],
      ),
    );
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'tasks[0].retry[0].error_equals', // States.ALL not alone, and not last
        'tasks[0].retry[0].backoff_rate',
        'tasks[0].retry[0].jitter',
        'tasks[0].retry[1].max_attempts',
        'tasks[0].catch[0].error_equals', // States.ALL not last
        'tasks[0].catch[0].next',
        'tasks[0].output',
        'tasks[0].assign.bad name',
        'tasks[0].assign.ok',
        'tasks[1].parameters',
        'conditions[0].choices[0].condition',
        'conditions[0].outcome',
      ]),
    );
    expect(problems.filter((p) => p.path === 'tasks[0].retry[0].error_equals').map((p) => p.message)).toEqual([
      'States.ALL must stand alone in error_equals',
      'States.ALL must be in the last rule (it matches every error, so later rules could never apply)',
    ]);
  });

  it('asks for an outcome with both targets, or choices', () => {
    const problems = validationProblems(bare([{ name: 'a', task_type: 'noop' }], [{ name: 'c', source_task: 'a' }]));
    expect(problems.map((p) => p.path).sort()).toEqual([
      'conditions[0].outcome',
      'conditions[0].target_task_failure',
      'conditions[0].target_task_success',
    ]);
  });

  it('warns when a failure handler falls through to the next task in the list', () => {
    const { warnings } = parseFlowRequest(
      bare(
        [
          { name: 'a', task_type: 'noop' },
          { name: 'handler', task_type: 'noop' },
          { name: 'next', task_type: 'noop' },
        ],
        [
          {
            name: 'c',
            source_task: 'a',
            outcome: 'success',
            target_task_success: 'next',
            target_task_failure: 'handler',
          },
        ],
      ),
      registry,
    );
    expect(warnings).toEqual([
      {
        path: 'conditions[0].target_task_failure',
        message: expect.stringContaining("handled by 'handler', which then goes on to 'next'"),
      },
    ]);
  });
});

describe('error names a task type declares', () => {
  it('warns about a retrier or catcher naming an error the task type never reports', () => {
    const { warnings } = parseFlowRequest(
      bare([
        {
          name: 'a',
          task_type: 'fetch_data',
          retry: [{ error_equals: ['ConnectionTimeout', 'ConectionTimeout'] }],
          catch: [{ error_equals: ['States.ALL'], next: 'end' }],
        },
      ]),
      registry,
    );
    expect(warnings).toEqual([
      {
        path: 'tasks[0].retry[0].error_equals[1]',
        message:
          "task type 'fetch_data' does not declare the error 'ConectionTimeout' (it reports ConnectionTimeout and States.* errors)",
      },
    ]);
  });

  it("does not warn about a callback's errors: its sender names them", () => {
    for (const task of [
      { name: 'a', task_type: 'callback', catch: [{ error_equals: ['Rejected'], next: 'end' }] },
      {
        name: 'a',
        task_type: 'fetch_data',
        wait_for_callback: true,
        catch: [{ error_equals: ['Rejected'], next: 'end' }],
      },
    ])
      expect(parseFlowRequest(bare([task]), registry).warnings).toEqual([]);
  });

  it('does not warn about the codes any task may fail with: timeout, output_too_large, step_crashed', () => {
    const { warnings } = parseFlowRequest(
      bare([
        {
          name: 'a',
          task_type: 'fetch_data',
          retry: [{ error_equals: ['timeout', 'output_too_large'] }],
          catch: [{ error_equals: ['step_crashed'], next: 'end' }],
        },
      ]),
      registry,
    );
    expect(warnings).toEqual([]);
  });
});
