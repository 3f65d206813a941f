import fc from 'fast-check';
import { AslNotExpressibleError } from '../../src/asl/asl-errors';
import { flowToAsl } from '../../src/asl/export';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { NEVER_ENDS_MESSAGE, neverEnds } from '../../src/domain/flow/termination';
import { definitionGraph } from '../../src/service/execution-graph';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { flowRequest } from '../support/flow-arbitraries';
import { cond, flowDef } from '../support/flows';

const registry = defaultRegistry();
const catchAll = (next: string) => [{ error_equals: ['States.ALL'], next }];
const task = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  task_type: 'noop',
  parameters: {},
  timeout_seconds: 30,
  ...extra,
});

/** Two tasks handing on to each other whatever happens: nothing leads to `end` or `fail`. */
const pingPong = {
  id: 'ping-pong',
  name: 'Ping pong',
  start_task: 'ping',
  tasks: [
    { name: 'ping', task_type: 'noop' },
    { name: 'pong', task_type: 'noop' },
  ],
  conditions: [
    {
      name: 'to pong',
      source_task: 'ping',
      outcome: 'success',
      target_task_success: 'pong',
      target_task_failure: 'pong',
    },
    {
      name: 'to ping',
      source_task: 'pong',
      outcome: 'success',
      target_task_success: 'ping',
      target_task_failure: 'ping',
    },
  ],
};

describe('a flow that can never end', () => {
  it('is accepted with a warning naming why, at start_task (wrapped: flow.start_task)', () => {
    expect(parseFlowRequest(pingPong, registry).warnings).toEqual([
      { path: 'start_task', message: NEVER_ENDS_MESSAGE },
    ]);
    expect(parseFlowRequest({ flow: pingPong }, registry).warnings).toEqual([
      { path: 'flow.start_task', message: NEVER_ENDS_MESSAGE },
    ]);
    expect(NEVER_ENDS_MESSAGE).toMatch(/^the flow never ends but by max_steps or its timeout/);
  });

  it('is the same flow `flow export` refuses, with the same message', () => {
    expect(() => flowToAsl(parseFlowRequest(pingPong, registry).flow)).toThrow(
      new AslNotExpressibleError(NEVER_ENDS_MESSAGE),
    );
  });

  it("is warned about where the console checks a flow (the definition's graph)", () => {
    const graph = definitionGraph({ flow: pingPong }, 'json', registry);
    expect(graph).toMatchObject({
      format: 'json',
      body: { warnings: [{ path: 'flow.start_task', message: NEVER_ENDS_MESSAGE }] },
    });
    const ending = definitionGraph(
      { flow: { ...pingPong, conditions: pingPong.conditions.slice(1) } },
      'json',
      registry,
    );
    expect(ending.format === 'json' && ending.body.warnings?.map((w) => w.message)).not.toContain(NEVER_ENDS_MESSAGE);
  });

  it('counts every way out: end or fail targets, the last task in the list, an uncaught failure, no choice matching', () => {
    const loop = [cond('a', 'success', 'b', 'b'), cond('b', 'success', 'a', 'a')];
    expect(neverEnds(flowDef({ tasks: ['a', 'b'], conditions: loop }))).toBe(true);
    // A retry hands on to the task itself: still no way out.
    expect(
      neverEnds(
        flowDef({
          tasks: [
            task('a', {
              retry: [
                { error_equals: ['States.ALL'], interval_seconds: 1, max_attempts: 2, backoff_rate: 2, jitter: 'NONE' },
              ],
            }),
            'b',
          ],
          conditions: loop,
        }),
      ),
    ).toBe(true);
    // Catchers on every error into the loop, tasks in list order back to the first.
    expect(
      neverEnds(
        flowDef({
          tasks: [task('a', { catch: catchAll('a') }), task('b', { catch: catchAll('a') })],
          conditions: [cond('b', 'success', 'a', 'a')],
        }),
      ),
    ).toBe(true);

    expect(
      neverEnds(
        flowDef({ tasks: ['a', 'b'], conditions: [cond('a', 'success', 'b', 'b'), cond('b', 'success', 'a', 'end')] }),
      ),
    ).toBe(false);
    expect(
      neverEnds(
        flowDef({ tasks: ['a', 'b'], conditions: [cond('a', 'success', 'b', 'fail'), cond('b', 'success', 'a', 'a')] }),
      ),
    ).toBe(false);
    // `outcome: failure` swaps the targets: the success side of `a` here is `end`.
    expect(
      neverEnds(
        flowDef({ tasks: ['a', 'b'], conditions: [cond('a', 'failure', 'b', 'end'), cond('b', 'success', 'a', 'a')] }),
      ),
    ).toBe(false);
    // The last task in the list, without a condition, ends the execution when it succeeds.
    expect(
      neverEnds(flowDef({ tasks: [task('a', { catch: catchAll('a') }), task('b', { catch: catchAll('a') })] })),
    ).toBe(false);
    // A failure nothing routes (no catcher on every error) ends the execution FAILED.
    expect(neverEnds(flowDef({ tasks: ['a', 'b'], conditions: [cond('b', 'success', 'a', 'a')] }))).toBe(false);
    expect(
      neverEnds(
        flowDef({
          tasks: [task('a', { catch: [{ error_equals: ['States.Timeout'], next: 'b' }] }), 'b'],
          conditions: [cond('b', 'success', 'a', 'a')],
        }),
      ),
    ).toBe(false);
    // A catcher may itself name `end` or `fail`.
    expect(
      neverEnds(
        flowDef({ tasks: [task('a', { catch: [{ error_equals: ['Rare'], next: 'fail' }] }), 'b'], conditions: loop }),
      ),
    ).toBe(false);
    // A catcher on every error takes failures away from the condition's failure target.
    expect(
      neverEnds(
        flowDef({
          tasks: [task('a', { catch: catchAll('b') }), 'b'],
          conditions: [cond('a', 'success', 'b', 'end'), cond('b', 'success', 'a', 'a')],
        }),
      ),
    ).toBe(true);
    // Choices: no rule matching without a default fails the execution; with a default, only the targets count.
    const choice = (extra: Record<string, unknown>) => ({
      name: 'c',
      source_task: 'a',
      choices: [{ condition: '{% true %}', next: 'a' }],
      ...extra,
    });
    expect(neverEnds(flowDef({ tasks: [task('a', { catch: catchAll('a') })], conditions: [choice({})] }))).toBe(false);
    expect(
      neverEnds(flowDef({ tasks: [task('a', { catch: catchAll('a') })], conditions: [choice({ default: 'a' })] })),
    ).toBe(true);
    expect(
      neverEnds(flowDef({ tasks: [task('a', { catch: catchAll('a') })], conditions: [choice({ default: 'end' })] })),
    ).toBe(false);
    // Unreachable ways out do not count.
    expect(
      neverEnds(
        flowDef({
          tasks: ['a', 'b', 'c'],
          conditions: [cond('a', 'success', 'b', 'b'), cond('b', 'success', 'a', 'a')],
        }),
      ),
    ).toBe(true);
  });

  it('agrees with the export on generated flows: what never ends is refused, what exports can end', () => {
    fc.assert(
      fc.property(flowRequest, (body) => {
        const { flow, warnings } = parseFlowRequest(structuredClone(body), registry);
        expect(warnings.some((w) => w.message === NEVER_ENDS_MESSAGE)).toBe(neverEnds(flow));
        let exported = true;
        try {
          flowToAsl(flow);
        } catch (error) {
          if (!(error instanceof AslNotExpressibleError)) throw error;
          exported = false;
          if (neverEnds(flow)) expect(error.message).toBe(NEVER_ENDS_MESSAGE);
        }
        if (exported) expect(neverEnds(flow)).toBe(false);
        if (neverEnds(flow)) expect(exported).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
