import { z } from 'zod';
import { defineTask } from '../task-type';

/**
 * For demos and tests of retries, catchers and redrive: fails with `error_code` while this task has
 * run at most `fail_attempts` times in the execution, then succeeds.
 */
export default defineTask({
  type: 'flaky',
  description: 'Fails its first `fail_attempts` runs in an execution with `error_code`, then succeeds.',
  errorCodes: ['TaskFailed', 'ConnectionTimeout', 'PaymentDeclined'],
  parameters: z.strictObject({
    fail_attempts: z.int().min(0).max(100).default(1),
    error_code: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'error_code must be a name such as ConnectionTimeout')
      .default('TaskFailed'),
  }),
  async run({ parameters, taskRuns }) {
    if (taskRuns <= parameters.fail_attempts) {
      return {
        status: 'failure',
        error_code: parameters.error_code,
        error: `flaky: run ${taskRuns} of ${parameters.fail_attempts} failing run(s)`,
      };
    }
    return { status: 'success', message: `succeeded on run ${taskRuns}`, output: { runs: taskRuns } };
  },
});
