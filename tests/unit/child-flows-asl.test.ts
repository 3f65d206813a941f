import { ValidationError } from '../../src/domain/errors';
import { createExecution } from '../../src/service/execution-lifecycle';
import { saveFlow } from '../../src/service/saved-flows';
import { runMachine } from '../support/asl-machine-runner';
import { EngineDriver } from '../support/engine-driver';

const ARN = 'arn:aws:states:eu-west-1:111122223333:stateMachine:doubler';

/** A driver with the saved flow `doubler` (doubles `n`) and `breaker` (fails with Boom / it broke). */
async function driverWithFlows(): Promise<EngineDriver> {
  const d = new EngineDriver();
  const deps = { ...d.deps, flows: d.flows };
  await saveFlow(
    'doubler',
    {
      asl: {
        QueryLanguage: 'JSONata',
        StartAt: 'Double',
        States: { Double: { Type: 'Pass', Output: '{% { "doubled": $states.input.n * 2 } %}', End: true } },
      },
    },
    deps,
  );
  await saveFlow(
    'breaker',
    { asl: { StartAt: 'Break', States: { Break: { Type: 'Fail', Error: 'Boom', Cause: 'it broke' } } } },
    deps,
  );
  return d;
}

const task = (resource: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  StartAt: 'Call',
  States: {
    Call: { Type: 'Task', Resource: resource, Parameters: parameters, End: true, ...extra },
    Caught: { Type: 'Pass', End: true },
  },
});

describe('states:startExecution in a state machine', () => {
  it('.sync:2 waits for the child and hands on its description with Output as JSON (JSONPath)', async () => {
    const d = await driverWithFlows();
    const done = await runMachine(
      task('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: ARN, 'Input.$': '$.order' }),
      { order: { n: 21 } },
      d,
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(done.state.data).toMatchObject({ Status: 'SUCCEEDED', Output: { doubled: 42 }, Input: '{"n":21}' });
  });

  it('.sync gives Output as JSON text, and takes an Input written as JSON text (JSONata)', async () => {
    const d = await driverWithFlows();
    const done = await runMachine(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync',
            Arguments: { StateMachineArn: ARN, Input: '{% $string($states.input) %}' },
            Output: '{% $states.result.Output %}',
            End: true,
          },
        },
      },
      { n: 2 },
      d,
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(done.state.data).toBe('{"doubled":4}');
  });

  it('startExecution (async) hands on the started child’s ARN, date and id', async () => {
    const d = await driverWithFlows();
    const done = await runMachine(
      task('arn:aws:states:::states:startExecution', { StateMachineArn: ARN, Input: { n: 1 }, Name: 'child-one' }),
      {},
      d,
    );
    expect(done.status).toBe('SUCCEEDED');
    const result = done.state.data as { ExecutionArn: string; execution_id: string; StartDate: number };
    expect(result.ExecutionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:doubler:child-one');
    expect(await d.execution(result.execution_id)).toMatchObject({ name: 'child-one', status: 'SUCCEEDED' });
  });

  it('a failed .sync child is caught as States.TaskFailed with the child’s error and cause in the cause', async () => {
    const d = await driverWithFlows();
    const done = await runMachine(
      task(
        'arn:aws:states:::states:startExecution.sync:2',
        { StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:breaker' },
        { Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }] },
      ),
      {},
      d,
    );
    expect(done.status).toBe('SUCCEEDED');
    const caught = done.state.data as { Error: string; Cause: string };
    expect(caught.Error).toBe('States.TaskFailed');
    expect(JSON.parse(caught.Cause)).toMatchObject({ Status: 'FAILED', Error: 'Boom', Cause: 'it broke' });
  });

  it('a version ARN (…:stateMachine:<flow id>:<version>) runs that version', async () => {
    const d = await driverWithFlows();
    await saveFlow(
      'doubler',
      { asl: { StartAt: 'Other', States: { Other: { Type: 'Pass', Result: 'version 2', End: true } } } },
      { ...d.deps, flows: d.flows },
    );
    const run = (arn: string) =>
      runMachine(
        task('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: arn, Input: { n: 3 } }),
        {},
        d,
      );
    expect((await run(`${ARN}:1`)).state.data).toMatchObject({ Output: { doubled: 6 } });
    expect((await run(ARN)).state.data).toMatchObject({ Output: 'version 2' });
  });

  it('a computed ARN of a flow that does not exist fails with StateMachineDoesNotExist', async () => {
    const d = await driverWithFlows();
    const done = await runMachine(
      task('arn:aws:states:::states:startExecution.sync:2', { 'StateMachineArn.$': '$.arn' }),
      { arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nowhere' },
      d,
    );
    expect(done).toMatchObject({ status: 'FAILED', reason: 'StateMachineDoesNotExist' });
  });
});

describe('aws-sdk:sfn:startExecution', () => {
  it('starts a saved flow of this engine, as the optimized startExecution does, its Input as JSON text', async () => {
    const d = await driverWithFlows();
    const done = await runMachine(
      task('arn:aws:states:::aws-sdk:sfn:startExecution', {
        StateMachineArn: ARN,
        'Input.$': 'States.JsonToString($.order)',
      }),
      { order: { n: 5 } },
      d,
    );
    expect(done.status).toBe('SUCCEEDED');
    const started = done.state.data as { ExecutionArn: string; execution_id: string };
    expect(started.ExecutionArn).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:doubler:/);
    await d.drain();
    expect(await d.execution(started.execution_id)).toMatchObject({
      status: 'SUCCEEDED',
      state: { data: { doubled: 10 } },
    });
  });
});

describe('states:startExecution refused at import', () => {
  const refused = async (asl: unknown) => {
    const d = new EngineDriver();
    const error = await createExecution({ asl }, { start: true, asl: true }, d.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details ?? [];
  };

  it('.sync.waitForTaskToken, which Step Functions has not either, naming the Resource', async () => {
    const details = await refused(
      task('arn:aws:states:::states:startExecution.sync.waitForTaskToken', { StateMachineArn: ARN }),
    );
    expect(details).toEqual([expect.objectContaining({ path: 'asl.States.Call.Resource' })]);
  });

  it('an ARN that names no state machine, and an argument startExecution does not take', async () => {
    const details = await refused(
      task('arn:aws:states:::states:startExecution', { StateMachineArn: 'arn:aws:lambda:x', Tags: [] }),
    );
    expect(details.map((detail) => detail.path).sort()).toEqual([
      'asl.States.Call.Parameters.StateMachineArn',
      'asl.States.Call.Parameters.Tags',
    ]);
  });
});
