import fc from 'fast-check';
import validateAsl from 'asl-validator';
import { AslNotExpressibleError } from '../../src/asl/asl-errors';
import { flowToAsl } from '../../src/asl/export';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { flowRequest } from '../support/flow-arbitraries';
import { sampleFlow, sampleFlowFiles } from '../support/flows';
import { FAN_OUT_FLOWS } from '../support/fan-out-flows';

const registry = defaultRegistry();
const exportOf = (body: unknown) => flowToAsl(parseFlowRequest(structuredClone(body), registry).flow);
// The validator writes default QueryLanguage into the definition it checks: give it a copy.
const problems = (asl: unknown): string => {
  const result = validateAsl(structuredClone(asl));
  return result.isValid ? '' : result.errorsText('\n');
};
const sampleFiles = sampleFlowFiles();

describe('flow → Amazon States Language', () => {
  it.each(sampleFiles)('exports %s as a state machine asl-validator accepts', (file) => {
    const { asl } = exportOf(sampleFlow(file));
    expect(asl.QueryLanguage).toBe('JSONata');
    expect(problems(asl)).toBe('');
  });

  it.each(Object.keys(FAN_OUT_FLOWS) as Array<keyof typeof FAN_OUT_FLOWS>)(
    'exports the %s fan-out flow (Parallel and Map states) as a state machine asl-validator accepts',
    (name) => {
      const { asl } = flowToAsl(parseFlowRequest(structuredClone(FAN_OUT_FLOWS[name]), registry).flow);
      expect(JSON.stringify(asl)).toMatch(/"Type":"(Parallel|Map)"/);
      expect(problems(asl)).toBe('');
    },
  );

  it('exports a hundred generated flows, each accepted by asl-validator', () => {
    fc.assert(
      fc.property(flowRequest, (body) => {
        let exported;
        try {
          exported = exportOf(body);
        } catch (error) {
          fc.pre(!(error instanceof AslNotExpressibleError));
          throw error;
        }
        expect(problems(exported.asl)).toBe('');
      }),
      // asl-validator compiles its schemas on every call (about a second on a loaded machine):
      // a hundred runs, where the round trip without it (tests/unit/asl-round-trip) runs 300.
      { numRuns: 100 },
    );
  });

  it('carries tasks, retriers, catchers, choices, waits, fail and end over as the matching states', () => {
    const { asl } = exportOf(sampleFlow('order-flow.json'));
    expect(asl.StartAt).toBe('validate');
    expect(asl.States.charge).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: {
        FunctionName: '${TaskRunnerFunctionName}',
        Payload: { task_type: 'flaky', input: '{% $states.input %}' },
      },
      TimeoutSeconds: 10,
      Retry: [
        {
          ErrorEquals: ['ConnectionTimeout', 'States.Timeout'],
          IntervalSeconds: 2,
          MaxAttempts: 3,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
      ],
      Catch: [{ ErrorEquals: ['PaymentDeclined'], Next: 'notify_declined' }],
      Next: 'by_amount',
    });
    expect(asl.States.by_amount).toEqual({
      Type: 'Choice',
      Choices: [{ Condition: '{% $states.input.amount > 1000 %}', Next: 'review' }],
      Default: 'settle',
    });
    expect(asl.States.settle).toEqual({ Type: 'Wait', Seconds: 3600, Next: 'ship' });
    // review's failure goes to `fail`: a last Catch on States.ALL into a Fail state.
    const reviewCatch = (asl.States.review as { Catch: Array<{ ErrorEquals: string[]; Next: string }> }).Catch;
    expect(reviewCatch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'] })]);
    expect(asl.States[reviewCatch[0]!.Next]).toEqual({
      Type: 'Fail',
      Error: 'States.Fail',
      Cause: '{% $states.input.cause %}',
    });
    expect(asl.States.ship).toMatchObject({ End: true });
    const declined = asl.States.notify_declined as { Next: string };
    expect(asl.States[declined.Next]).toEqual({
      Type: 'Fail',
      Error: 'PaymentDeclined',
      Cause: 'the card was declined',
    });
    // The task's own result is the Lambda result's Payload.
    expect(asl.States.review).toMatchObject({ Output: '{% $states.result.Payload %}' });
  });

  it('carries the flow timeout, task timeouts (rounded up to whole seconds) and templates reading the result', () => {
    const { asl, warnings } = exportOf({
      id: 'f',
      name: 'F',
      start_task: 'a',
      timeout_seconds: 600,
      max_steps: 7,
      tasks: [
        {
          name: 'a',
          task_type: 'print',
          parameters: { message: '' },
          timeout_seconds: 2.5,
          output: '{%$states.result.message%}',
          assign: { m: '{% $states.result %}' },
        },
        { name: 'lost', task_type: 'noop' },
      ],
      conditions: [
        { name: 'c', source_task: 'a', outcome: 'success', target_task_success: 'end', target_task_failure: 'end' },
      ],
    });
    expect(asl.TimeoutSeconds).toBe(600);
    expect(asl.States.a).toMatchObject({
      TimeoutSeconds: 3,
      Arguments: { Payload: { parameters: { message: '{% "" %}' } } },
      Output: '{% $states.result.Payload.message %}',
      Assign: { m: '{% $states.result.Payload %}' },
      End: true,
    });
    expect(asl.States.lost).toBeUndefined();
    expect(warnings.map((w) => w.path)).toEqual(['flow.max_steps', 'flow.tasks[1]']);
    expect(problems(asl)).toBe('');
  });

  it('writes down the end of a flow that only loops: an uncaught failure fails the machine', () => {
    const { asl } = exportOf({
      id: 'f',
      name: 'F',
      start_task: 'a',
      tasks: [{ name: 'a', task_type: 'noop' }],
      conditions: [
        { name: 'c', source_task: 'a', outcome: 'success', target_task_success: 'a', target_task_failure: 'end' },
      ],
    });
    expect(asl.States.a).toMatchObject({ Next: 'a', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }] });
    expect(asl.States.Failed).toEqual({
      Type: 'Fail',
      Error: '{% $states.input.error %}',
      Cause: '{% $states.input.cause %}',
    });
    expect(problems(asl)).toBe('');
  });

  it('refuses a flow that only max_steps can stop, naming why', () => {
    const body = {
      id: 'f',
      name: 'F',
      start_task: 'a',
      tasks: [{ name: 'a', task_type: 'noop', catch: [{ error_equals: ['States.ALL'], next: 'a' }] }],
      conditions: [
        { name: 'c', source_task: 'a', outcome: 'success', target_task_success: 'a', target_task_failure: 'a' },
      ],
    };
    expect(() => exportOf(body)).toThrow(AslNotExpressibleError);
  });
});
