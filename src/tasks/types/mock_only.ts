import { z } from 'zod';
import { ErrorCode } from '../../domain/error-codes';
import { mockOnlyCallReason, mockOnlyRefusal, mocksPossibleHere } from '../mock-only-resources';
import { defineTask } from '../task-type';

/**
 * A call this engine cannot make, kept so that a state machine that makes it imports and runs on
 * the local stack with a mock configuration (src/tasks/mock-only-resources.ts). Its run is the
 * mocked response of the execution's test case (src/service/mocked-runs.ts), taken before `run`;
 * unmocked, `run` fails saying what to mock.
 */
export default defineTask({
  type: 'mock_only',
  description:
    "A call this engine cannot make (an AWS integration it does not build in, an aws-sdk call of a service with no client installed, an activity): `resource` is the state machine's Resource, `parameters` the call's input. It runs only when the execution's test case mocks its state (docs/testing-with-mocks.md); unmocked it fails with States.Runtime. Local stack only.",
  // The mocked `Throw` names the error.
  errorCodes: 'any',
  parameters: z
    .strictObject({
      resource: z.string({ error: 'resource must be the Resource ARN of the call' }).min(1),
      /** The call's input as the state machine writes it; only a mock reads it. */
      parameters: z.unknown().optional(),
    })
    .superRefine((p, ctx) => {
      const reason = mockOnlyCallReason(p.resource, p.parameters);
      if (reason === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['resource'],
          message: `'${p.resource}' is not a call this engine can only mock: use its own task type (aws_sdk, invoke_lambda, start_flow, answer_callback)`,
        });
      else if (!mocksPossibleHere())
        ctx.addIssue({ code: 'custom', path: ['resource'], message: mockOnlyRefusal(reason) });
    }),
  run({ parameters: p }) {
    return Promise.resolve({
      status: 'failure',
      error_code: ErrorCode.Runtime,
      // What to do first: the reason can be long (the services a client is installed for).
      error: `not mocked: start the execution with a test case that mocks this state (docs/testing-with-mocks.md); ${mockOnlyCallReason(p.resource, p.parameters) ?? p.resource}`,
    });
  },
});
