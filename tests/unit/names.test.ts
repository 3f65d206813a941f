import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { nameProblem } from '../../src/domain/flow/names';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { validationProblems as problems } from '../support/validation-problems';

const registry = defaultRegistry();

const flow = (overrides: Record<string, unknown> = {}) => ({
  id: 'f1',
  name: 'Data processing flow',
  start_task: 'a',
  tasks: [
    { name: 'a', task_type: 'noop' },
    { name: 'b', task_type: 'noop' },
  ],
  conditions: [
    { name: 'c', source_task: 'a', outcome: 'success', target_task_success: 'b', target_task_failure: 'end' },
  ],
  ...overrides,
});
const condition = (overrides: Record<string, unknown>) => [{ ...flow().conditions[0], ...overrides }];

describe('nameProblem: names are visible text', () => {
  it.each([
    ['NUL', 'a\u0000b', 'a control character (U+0000 at index 1)'],
    ['BEL', 'a\u0007', 'a control character (U+0007 at index 1)'],
    ['tab', 'a\tb', 'a control character (U+0009 at index 1)'],
    ['newline', 'line\nbreak', 'a control character (U+000A at index 4)'],
    ['DEL', '\u007fa', 'a control character (U+007F at index 0)'],
    ['C1 NEL', 'a\u0085', 'a control character (U+0085 at index 1)'],
    ['C1 CSI', '\u009b31m', 'a control character (U+009B at index 0)'],
    ['lone high surrogate', 'a\ud800', 'an unpaired surrogate (U+D800 at index 1)'],
    ['lone low surrogate', '\udc00a', 'an unpaired surrogate (U+DC00 at index 0)'],
    ['reversed pair', 'a\udc00\ud800', 'an unpaired surrogate (U+DC00 at index 1)'],
    ['right-to-left override', 'task\u202etxt.exe', 'a bidirectional control character (U+202E at index 4)'],
    ['left-to-right embedding', '\u202aa', 'a bidirectional control character (U+202A at index 0)'],
    ['pop directional formatting', 'a\u202c', 'a bidirectional control character (U+202C at index 1)'],
    ['first strong isolate', 'a\u2068b', 'a bidirectional control character (U+2068 at index 1)'],
    ['pop directional isolate', 'a\u2069', 'a bidirectional control character (U+2069 at index 1)'],
    ['right-to-left mark', 'a\u200fb', 'a bidirectional control character (U+200F at index 1)'],
    ['left-to-right mark', '\u200ea', 'a bidirectional control character (U+200E at index 0)'],
    ['Arabic letter mark', 'a\u061c', 'a bidirectional control character (U+061C at index 1)'],
  ])('refuses %s', (_what, name, problem) => {
    expect(nameProblem(name)).toBe(`must not contain ${problem}`);
  });

  it('names the first offending character when there are several kinds', () => {
    expect(nameProblem('ok\u202e\u0007')).toBe(
      'must not contain a bidirectional control character (U+202E at index 2)',
    );
  });

  it.each([
    ['spaces', 'Data processing flow'],
    ['punctuation', 'task-1_b.c:d/e'],
    ['non-Latin scripts', 'Обработка данных 数据处理 معالجة'],
    ['an emoji (a surrogate pair)', 'ship it 🚀'],
    ['an emoji joined with ZWJ', 'team 👩‍💻'],
    ['a no-break space', 'a\u00a0b'],
    ['names that are JavaScript object keys', '__proto__'],
  ])('allows %s', (_what, name) => {
    expect(nameProblem(name)).toBeUndefined();
  });
});

describe('every name field of a flow follows the rule', () => {
  it.each([
    ['id', flow({ id: 'f\u0007' }), 'id', 'id must not contain a control character (U+0007 at index 1)'],
    ['name', flow({ name: 'Data\nflow' }), 'name', 'name must not contain a control character (U+000A at index 4)'],
    [
      'task name',
      flow({ tasks: [...flow().tasks, { name: 'c\u202e', task_type: 'noop' }] }),
      'tasks[2].name',
      'task name must not contain a bidirectional control character (U+202E at index 1)',
    ],
    [
      'condition name',
      flow({ conditions: condition({ name: 'c\ud800' }) }),
      'conditions[0].name',
      'condition name must not contain an unpaired surrogate (U+D800 at index 1)',
    ],
    [
      'source_task',
      flow({ conditions: condition({ source_task: 'a\u0000' }) }),
      'conditions[0].source_task',
      'source_task must not contain a control character (U+0000 at index 1)',
    ],
    [
      'target_task_success',
      flow({ conditions: condition({ target_task_success: '\u2066b' }) }),
      'conditions[0].target_task_success',
      'target_task_success must not contain a bidirectional control character (U+2066 at index 0)',
    ],
    [
      'target_task_failure',
      flow({ conditions: condition({ target_task_failure: 'end\u009f' }) }),
      'conditions[0].target_task_failure',
      'target_task_failure must not contain a control character (U+009F at index 3)',
    ],
    [
      'start_task',
      flow({ start_task: 'a\u200f' }),
      'start_task',
      'start_task must not contain a bidirectional control character (U+200F at index 1)',
    ],
  ])('%s', (_field, body, path, message) => {
    expect(problems({ flow: body })).toEqual([{ path: `flow.${path}`, message }]);
  });

  it('checks the name as sent, before trimming, so a control character at either end is not trimmed away', () => {
    expect(
      problems(
        flow({
          tasks: [
            { name: '\ta', task_type: 'noop' },
            { name: 'b\n', task_type: 'noop' },
          ],
        }),
      ),
    ).toEqual([
      { path: 'tasks[0].name', message: 'task name must not contain a control character (U+0009 at index 0)' },
      { path: 'tasks[1].name', message: 'task name must not contain a control character (U+000A at index 1)' },
    ]);
  });

  it('accepts a flow whose names have spaces, other scripts and emoji', () => {
    const body = flow({
      name: 'Data processing flow 🚀',
      start_task: 'Daten holen',
      tasks: [
        { name: 'Daten holen', task_type: 'noop' },
        { name: '数据处理', task_type: 'noop' },
      ],
      conditions: [
        {
          name: 'after fetch',
          source_task: 'Daten holen',
          outcome: 'success',
          target_task_success: '数据处理',
          target_task_failure: 'end',
        },
      ],
    });
    expect(parseFlowRequest(body, registry).flow.tasks.map((t) => t.name)).toEqual(['Daten holen', '数据处理']);
  });
});
