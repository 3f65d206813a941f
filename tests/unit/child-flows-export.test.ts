import { AslNotExpressibleError } from '../../src/asl/asl-errors';
import { flowToAsl } from '../../src/asl/export';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';

describe('the export of a flow with a start_flow task', () => {
  it('is refused, naming the task, rather than written as a task-runner call that cannot start it', () => {
    const { flow } = parseFlowRequest(
      {
        id: 'parent',
        name: 'Parent',
        start_task: 'first',
        tasks: [
          { name: 'first', task_type: 'noop' },
          { name: 'call', task_type: 'start_flow', parameters: { flow_id: 'child', wait: true } },
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
    expect(() => flowToAsl(flow)).toThrow(AslNotExpressibleError);
    expect(() => flowToAsl(flow)).toThrow(/^flow\.tasks\[1\]\.task_type: a start_flow task starts a saved flow/);
  });
});
