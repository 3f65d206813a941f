import { ValidationError } from '../../src/domain/errors';
import { createExecution } from '../../src/service/execution-lifecycle';
import { saveFlow } from '../../src/service/saved-flows';
import { EngineDriver } from '../support/engine-driver';

const call = (parameters: Record<string, unknown>) => ({ name: 'call', task_type: 'start_flow', parameters });
const flowOf = (tasks: unknown[]) => ({ id: 'parent', name: 'Parent', start_task: 'call', tasks, conditions: [] });

/** The details of the 400 a start of `request` gets; nothing may have been written. */
async function refusal(d: EngineDriver, request: unknown, options = {}): Promise<unknown> {
  const error = await createExecution(request, { start: true, asl: true, ...options }, d.deps).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((await d.store.list({ limit: 10 })).items).toEqual([]);
  expect(d.dispatcher.pending).toEqual([]);
  return (error as ValidationError).details;
}

describe('a start_flow naming a saved flow that does not exist', () => {
  it('is refused at submission when the id is written out, naming the field, at any depth', async () => {
    const d = new EngineDriver();
    const inMap = {
      name: 'call',
      task_type: 'map',
      item_processor: { start_task: 'inner', tasks: [{ ...call({ flow_id: 'gone' }), name: 'inner' }], conditions: [] },
    };
    expect(await refusal(d, { flow: flowOf([call({ flow_id: 'missing', wait: true })]) })).toEqual([
      expect.objectContaining({
        path: 'flow.tasks[0].parameters.flow_id',
        message: expect.stringContaining("'missing'"),
      }),
    ]);
    expect(await refusal(d, flowOf([inMap]))).toEqual([
      expect.objectContaining({ path: 'tasks[0].item_processor.tasks[0].parameters.flow_id' }),
    ]);
  });

  it('is refused in an imported state machine at the state’s StateMachineArn', async () => {
    const d = new EngineDriver();
    const asl = {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: { StateMachineArn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:missing' },
          End: true,
        },
      },
    };
    expect(await refusal(d, { asl })).toEqual([
      expect.objectContaining({ path: 'asl.States.Call.Parameters.StateMachineArn' }),
    ]);
  });

  it('is accepted once the flow is saved, and a saved flow may start itself', async () => {
    const d = new EngineDriver();
    const deps = { ...d.deps, flows: d.flows };
    const body = (flowId: string) => ({
      name: 'Saved',
      start_task: 'call',
      tasks: [call({ flow_id: flowId })],
      conditions: [],
    });
    const refused = await saveFlow('other', body('missing'), deps).catch((e: unknown) => e);
    expect((refused as ValidationError).details).toEqual([
      expect.objectContaining({ path: 'tasks[0].parameters.flow_id' }),
    ]);
    expect(await d.flows.loadFlow('other')).toBeUndefined();
    await saveFlow('missing', body('missing'), deps);
    await saveFlow('other', body('missing'), deps);
    const { execution } = await createExecution(flowOf([call({ flow_id: 'missing' })]), { start: true }, d.deps);
    expect(execution.status).toBe('RUNNING');
  });
});
