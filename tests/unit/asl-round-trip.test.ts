import fc from 'fast-check';
import { AslNotExpressibleError } from '../../src/asl/asl-errors';
import { flowToAsl } from '../../src/asl/export';
import { type FlowDefinition, isChoiceCondition } from '../../src/domain/flow/flow-definition';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { reachableTasks } from '../../src/domain/flow/reachability';
import { conditionFor } from '../../src/domain/flow/routing';
import { nextTransition } from '../../src/engine/next-transition';
import type { StepResult } from '../../src/domain/execution/transition';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { flowRequest } from '../support/flow-arbitraries';
import { sampleFlow, sampleFlowFiles } from '../support/flows';

const registry = defaultRegistry();
const parse = (body: unknown) => parseFlowRequest(structuredClone(body), registry, { asl: true }).flow;
const roundTrip = (flow: FlowDefinition) => parse({ asl: flowToAsl(flow).asl, input: {} });
// Step Functions' state names stop at 80 characters; the export cuts longer task names there.
const stateName = (name: string) => [...name].slice(0, 80).join('');

const ERROR_CODES = [
  undefined,
  'timeout',
  'ConnectionTimeout',
  'PaymentDeclined',
  'TaskFailed',
  'States.QueryEvaluationError',
];

/** Every result a task can report: success (each choice rule, default, none), and each failure with retries left and spent. */
function resultsFor(flow: FlowDefinition, task: string): StepResult[] {
  const condition = conditionFor(flow, task);
  const choices: Array<StepResult['choice']> =
    condition && isChoiceCondition(condition)
      ? [...condition.choices.map((_, i) => i), 'default', 'none']
      : [undefined];
  const retriers = flow.tasks.find((t) => t.name === task)!.retry?.length ?? 0;
  const spent = Array.from({ length: retriers }, () => 1_000);
  return [
    ...choices.map((choice) => ({ task, outcome: 'success' as const, ...(choice !== undefined && { choice }) })),
    ...ERROR_CODES.flatMap((error_code) => [
      { task, outcome: 'failure' as const, error: 'it broke', ...(error_code && { error_code }) },
      { task, outcome: 'failure' as const, error: 'it broke', ...(error_code && { error_code }), retries: spent },
    ]),
  ];
}

/** Where a transition leads: the task it runs (and after what delay), or how the execution finishes. */
function destination(flow: FlowDefinition, result: StepResult) {
  const t = nextTransition(flow, 1, result);
  return t.type === 'run' ? { run: stateName(t.task), delay: t.delay_seconds } : { finish: t.status };
}

/**
 * Walks the original flow from its start task along every result of every task it reaches, and
 * checks the imported flow goes to the same place at each step. (A task only a dead route names,
 * say a condition's failure side behind a catcher of every error, is never reached, and the export
 * leaves it out.)
 */
function expectSameRouting(original: FlowDefinition, imported: FlowDefinition): void {
  expect(stateName(imported.start_task)).toBe(stateName(original.start_task));
  const seen = new Set<string>();
  const queue = [original.start_task];
  while (queue.length > 0) {
    const task = queue.pop()!;
    if (seen.has(task)) continue;
    seen.add(task);
    expect(reachableTasks(original).has(task)).toBe(true);
    for (const result of resultsFor(original, task)) {
      const there = destination(original, result);
      const back = destination(imported, { ...result, task: stateName(task) });
      expect({ task, result, to: back }).toEqual({ task, result, to: there });
      const next = nextTransition(original, 1, result);
      if (next.type === 'run') queue.push(next.task);
    }
  }
}

const sampleFiles = sampleFlowFiles();

describe('flow → ASL → flow routes the same', () => {
  it.each(sampleFiles)('%s', (file) => {
    const original = parse(sampleFlow(file));
    const imported = roundTrip(original);
    expectSameRouting(original, imported);
    expect(imported.tasks.map((t) => [t.name, t.task_type])).toEqual(original.tasks.map((t) => [t.name, t.task_type]));
  });

  it('for a few hundred generated flows: every task, outcome, choice and error leads to the same task or finish', () => {
    fc.assert(
      fc.property(flowRequest, (body) => {
        const original = parse(body);
        let imported: FlowDefinition;
        try {
          imported = roundTrip(original);
        } catch (error) {
          fc.pre(!(error instanceof AslNotExpressibleError));
          throw error;
        }
        expectSameRouting(original, imported);
      }),
      { numRuns: 300 },
    );
  });

  it('says `timeout` in error_equals as Step Functions does, States.Timeout, and routes a timeout the same', () => {
    const original = parse({
      flow: {
        id: 'f',
        name: 'f',
        start_task: 'slow',
        tasks: [
          {
            name: 'slow',
            task_type: 'noop',
            retry: [{ error_equals: ['timeout', 'States.Timeout'], max_attempts: 1 }],
            catch: [{ error_equals: ['timeout'], next: 'cleanup' }],
          },
          { name: 'cleanup', task_type: 'noop' },
        ],
        conditions: [],
      },
    });
    const state = flowToAsl(original).asl.States.slow as {
      Retry: Array<{ ErrorEquals: string[] }>;
      Catch: Array<{ ErrorEquals: string[] }>;
    };
    expect(state.Retry[0]!.ErrorEquals).toEqual(['States.Timeout']);
    expect(state.Catch[0]!.ErrorEquals).toEqual(['States.Timeout']);
    expectSameRouting(original, roundTrip(original));
  });

  it('keeps what the tasks do: types, parameters, templates, timeouts, retriers', () => {
    const original = parse(sampleFlow('order-flow.json'));
    const imported = roundTrip(original);
    for (const task of original.tasks) {
      const back = imported.tasks.find((t) => t.name === task.name)!;
      expect(back).toMatchObject({ task_type: task.task_type, timeout_seconds: task.timeout_seconds });
      for (const field of ['retry', 'arguments', 'output', 'assign'] as const)
        expect([task.name, field, back[field]]).toEqual([task.name, field, task[field]]);
    }
    expect(imported.timeout_seconds).toBe(original.timeout_seconds);
  });
});
