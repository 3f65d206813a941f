import { z } from 'zod';
import { ErrorCode } from '../../domain/error-codes';
import { RAISE_ERROR } from '../../domain/flow/flow-definition';
import { defineTask } from '../task-type';

/**
 * Fails with the error and cause it is given: what a state machine's Fail state becomes when its
 * Error or Cause is read from the data (ErrorPath, CausePath), or when it cannot be one fixed
 * ending of a condition. Uncaught, it fails the execution (or the branch or iteration it is in)
 * with that error, as a Fail state does.
 */
export default defineTask({
  type: RAISE_ERROR,
  description: 'Fails with `error` (an error name, as retry and catch match it) and `cause`: a Fail state.',
  errorCodes: 'any',
  parameters: z.strictObject({
    error: z.string({ error: 'error must be a string' }).min(1, 'error must not be empty').default(ErrorCode.Fail),
    cause: z.string({ error: 'cause must be a string' }).optional(),
  }),
  async run({ parameters }) {
    return { status: 'failure', error_code: parameters.error, error: parameters.cause ?? '' };
  },
});
