import { flowToAsl } from '../../src/asl/export';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';

describe('the export of a flow with a start_flow task', () => {
  it('writes the task as a states:startExecution.sync:2 state naming the saved flow, with a warning that it must exist there', () => {
    const { flow } = parseFlowRequest(
      {
        id: 'parent',
        name: 'Parent',
        start_task: 'first',
        tasks: [
          { name: 'first', task_type: 'noop' },
          { name: 'call', task_type: 'start_flow', parameters: { flow_id: 'child', input: {}, wait: true } },
        ],
        conditions: [
          {
            name: 'c',
            source_task: 'first',
            outcome: 'success',
            target_task_success: 'call',
            target_task_failure: 'fail',
          },
        ],
      },
      defaultRegistry(),
    );
    const { asl, warnings } = flowToAsl(flow);
    expect(asl.States.call).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Arguments: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:child', Input: {} },
      End: true,
    });
    expect(warnings).toEqual([
      {
        path: 'flow.tasks[1].parameters.flow_id',
        message: expect.stringContaining('a state machine of that name must exist on Step Functions'),
      },
    ]);
  });
});
