/**
 * A Lambda call retried on throttling and caught when it breaks, then a Pass: the state machine the
 * test cases of tests/support/mock-config.json (under `MockedGreeter`) mock. The function is the
 * test stack's own, so the machine passes the stage's allow-list.
 */
export const MOCKED_GREETER = {
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'flow-manager-test-greet', 'Payload.$': '$' },
      ResultSelector: { 'text.$': '$.Payload.text' },
      ResultPath: '$.greeting',
      Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 1, MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['Greeter.Broken'], ResultPath: '$.error', Next: 'Apologise' }],
      End: true,
    },
    Apologise: { Type: 'Pass', Result: 'sorry', ResultPath: '$.apology', End: true },
  },
};
