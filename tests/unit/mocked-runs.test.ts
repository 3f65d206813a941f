import { ValidationError } from '../../src/domain/errors';
import type { Execution } from '../../src/domain/execution/execution';
import { parseMockConfig } from '../../src/domain/mocks/mock-config';
import type { MockConfigSource } from '../../src/ports/mock-config-source';
import { executeFlow } from '../../src/service/execute-flow';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { selectTestCase } from '../../src/service/mocked-runs';
import { runRequest } from '../support/asl-machine-runner';
import { EngineDriver } from '../support/engine-driver';
import { sampleFlow, sampleFlowFiles } from '../support/flows';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:greet';

/** A Lambda call retried on one error and caught on another, then a Pass: the shape mocks are for. */
const MACHINE = {
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Task',
      Resource: LAMBDA,
      ResultPath: '$.greeting',
      Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 1, MaxAttempts: 3 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Apologise' }],
      Next: 'Done',
    },
    Apologise: { Type: 'Pass', Result: 'sorry', ResultPath: '$.apology', End: true },
    Done: { Type: 'Pass', End: true },
  },
};

const CONFIG = {
  StateMachines: {
    Greeter: {
      TestCases: {
        HappyPath: { Greet: 'Hello' },
        Throttled: { Greet: 'ThrottledTwice' },
        Broken: { Greet: 'Broken' },
        Exhausted: { Greet: 'ThrottledOnce' },
        PassMocked: { Apologise: 'Hello' },
        Unknown: { Nobody: 'Hello' },
      },
    },
    Mapper: { TestCases: { Each: { Shout: 'Loud' } } },
    Approver: { TestCases: { Approved: { Ask: 'Approval' }, Rejected: { Ask: 'Rejection' } } },
    Parent: { TestCases: { ChildDone: { RunChild: 'ChildSucceeded' } } },
  },
  MockedResponses: {
    Hello: { '0': { Return: { text: 'hello' } } },
    ThrottledTwice: {
      '0-1': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } },
      '2': { Return: { text: 'hello at last' } },
    },
    ThrottledOnce: { '0': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } } },
    Broken: { '0': { Throw: { Error: 'Greeter.Broken', Cause: 'it broke' } } },
    Loud: { '0': { Return: 'LOUD' } },
    Approval: { '0': { Return: { approved: true } } },
    ChildSucceeded: { '0': { Return: { Status: 'SUCCEEDED', Output: { shipped: true } } } },
    Rejection: { '0': { Throw: { Error: 'Rejected', Cause: 'not this time' } } },
  },
};

const source = (config: unknown = CONFIG): MockConfigSource => ({
  location: 'mock-config.json',
  read: () => parseMockConfig(JSON.stringify(config)),
});

function mockedDriver(config?: unknown): EngineDriver {
  const driver = new EngineDriver();
  driver.deps.mocks = source(config);
  return driver;
}

const run = runRequest;

/** What the execution ended with: the data its last state handed on. */
const output = (execution: Execution) => execution.state.data;

async function refusal(driver: EngineDriver, body: Record<string, unknown>) {
  const error = await executeFlow(body, { waitSeconds: 0 }, driver.deps).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).details;
}

describe('executions on mocked responses (Step Functions Local test cases)', () => {
  it("gives a mocked state's Return as its result, through its ResultPath", async () => {
    const driver = mockedDriver();
    const done = await run(driver, {
      asl: MACHINE,
      input: { who: 'Ada' },
      test_case: 'HappyPath',
      state_machine_name: 'Greeter',
    });
    expect(done.status).toBe('SUCCEEDED');
    expect(done.mock).toEqual({ state_machine: 'Greeter', test_case: 'HappyPath' });
    expect(output(done)).toEqual({ who: 'Ada', greeting: { text: 'hello' } });
  });

  it('retries a mocked Throw through the retrier, taking the next response each time', async () => {
    const driver = mockedDriver();
    const done = await run(driver, { asl: MACHINE, input: {}, test_case: 'Throttled', state_machine_name: 'Greeter' });
    expect(output(done)).toEqual({ greeting: { text: 'hello at last' } });
    const greets = (await driver.steps(done.execution_id)).filter((s) => s.task_name === 'Greet');
    expect(greets.map((s) => [s.status, s.error_code ?? null])).toEqual([
      ['FAILED', 'Lambda.TooManyRequestsException'],
      ['FAILED', 'Lambda.TooManyRequestsException'],
      ['SUCCEEDED', null],
    ]);
  });

  it('hands a mocked Throw to the catcher, with its error and cause', async () => {
    const driver = mockedDriver();
    const done = await run(driver, { asl: MACHINE, input: {}, test_case: 'Broken', state_machine_name: 'Greeter' });
    expect(done.status).toBe('SUCCEEDED');
    expect(output(done)).toEqual({ error: { Error: 'Greeter.Broken', Cause: 'it broke' }, apology: 'sorry' });
  });

  it('fails the state with States.Runtime when a retry has no mocked response left', async () => {
    const driver = mockedDriver();
    const done = await run(driver, {
      asl: { ...MACHINE, States: { ...MACHINE.States, Greet: { ...MACHINE.States.Greet, Catch: undefined } } },
      input: {},
      test_case: 'Exhausted',
      state_machine_name: 'Greeter',
    });
    expect(done.status).toBe('FAILED');
    expect(done.error).toContain("has no response for invocation 1 of state 'Greet'");
  });

  it('mocks the states of a Map iteration too', async () => {
    const driver = mockedDriver();
    const done = await run(driver, {
      asl: {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'Shout', States: { Shout: { Type: 'Task', Resource: LAMBDA, End: true } } },
            End: true,
          },
        },
      },
      input: [1, 2],
      test_case: 'Each',
      state_machine_name: 'Mapper',
    });
    expect(done.status).toBe('SUCCEEDED');
    expect(output(done)).toEqual(['LOUD', 'LOUD']);
  });

  it('does not wait in a mocked .waitForTaskToken state: its mocked response is the callback', async () => {
    const asl = {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: {
            QueueUrl: 'https://sqs.us-east-1.amazonaws.com/1/approvals',
            MessageBody: { 'token.$': '$$.Task.Token' },
          },
          HeartbeatSeconds: 60,
          ResultPath: '$.answer',
          Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.rejection', Next: 'Rejected' }],
          End: true,
        },
        Rejected: { Type: 'Fail', Error: 'Rejected' },
      },
    };
    const approved = await run(mockedDriver(), {
      asl,
      input: {},
      test_case: 'Approved',
      state_machine_name: 'Approver',
    });
    expect([approved.status, approved.error, output(approved)]).toEqual([
      'SUCCEEDED',
      undefined,
      { answer: { approved: true } },
    ]);
    const rejected = await run(mockedDriver(), {
      asl,
      input: {},
      test_case: 'Rejected',
      state_machine_name: 'Approver',
    });
    expect([rejected.status, rejected.reason]).toEqual(['FAILED', 'Rejected']);
  });

  it('starts no child for a mocked startExecution.sync state: its mocked response is the child run', async () => {
    const driver = mockedDriver();
    const done = await run(driver, {
      asl: {
        StartAt: 'RunChild',
        States: {
          RunChild: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: { 'StateMachineArn.$': '$.child', Input: {} },
            ResultSelector: { 'shipped.$': '$.Output.shipped' },
            End: true,
          },
        },
      },
      input: { child: 'arn:aws:states:us-east-1:123456789012:stateMachine:shipping' },
      test_case: 'ChildDone',
      state_machine_name: 'Parent',
    });
    expect([done.status, output(done)]).toEqual(['SUCCEEDED', { shipped: true }]);
    expect(await driver.steps(done.execution_id)).toHaveLength(1);
    expect(driver.dispatcher.pending).toHaveLength(0);
  });

  describe('refuses, naming the field, and writes nothing', () => {
    const body = (extra: Record<string, unknown>) => ({ asl: MACHINE, input: {}, ...extra });

    it.each([
      [
        'a test case the configuration does not have',
        { test_case: 'Nope', state_machine_name: 'Greeter' },
        'state_machine_name',
        "no test case 'Nope'",
      ],
      [
        'a state machine it does not have',
        { test_case: 'HappyPath', state_machine_name: 'Other' },
        'state_machine_name',
        "no state machine 'Other'",
      ],
      [
        'a test case mocking a state the machine lacks',
        { test_case: 'Unknown', state_machine_name: 'Greeter' },
        'test_case',
        "mocks the state 'Nobody', which this state machine does not have",
      ],
      [
        'a test case mocking a Pass state',
        { test_case: 'PassMocked', state_machine_name: 'Greeter' },
        'test_case',
        "mocks the state 'Apologise', which calls nothing",
      ],
      [
        'a test case without the state machine name',
        { test_case: 'HappyPath' },
        'state_machine_name',
        'is required with test_case',
      ],
      [
        'a state machine name without a test case',
        { state_machine_name: 'Greeter' },
        'state_machine_name',
        'goes with test_case',
      ],
      [
        'a test case that is not a string',
        { test_case: 3, state_machine_name: 'Greeter' },
        'test_case',
        'must be the name of a test case',
      ],
    ])('%s', async (_, extra, path, message) => {
      const driver = mockedDriver();
      const details = await refusal(driver, body(extra));
      expect(details).toEqual([{ path, message: expect.stringContaining(message) }]);
      expect(driver.dispatcher.pending).toHaveLength(0);
    });

    it('a test case on a stack without a mock configuration', async () => {
      const driver = new EngineDriver();
      const details = await refusal(driver, body({ test_case: 'HappyPath', state_machine_name: 'Greeter' }));
      expect(details).toEqual([
        { path: 'test_case', message: expect.stringContaining('SFN_MOCK_CONFIG=<file> npm start') },
      ]);
    });

    it('a mock configuration that no longer parses, naming its problems', async () => {
      const driver = mockedDriver({ StateMachines: {} });
      const details = await refusal(driver, body({ test_case: 'HappyPath', state_machine_name: 'Greeter' }));
      expect(details).toEqual([{ path: 'SFN_MOCK_CONFIG.MockedResponses', message: expect.any(String) }]);
    });
  });

  it("the sample mock configuration's test cases each fit the sample flow or state machine of that name", () => {
    const file = path.join(__dirname, '../../flows/mocks/mock-config.json');
    const config = parseMockConfig(readFileSync(file, 'utf8'));
    if (!config.ok) throw new Error(JSON.stringify(config.problems));
    const driver = new EngineDriver();
    // A flow by its id; a state machine (flows/<name>.asl.json, which has no id) by its file's name.
    const samples = new Map(
      [
        ...sampleFlowFiles(),
        ...readdirSync(path.dirname(path.dirname(file))).filter((f) => f.endsWith('.asl.json')),
      ].map((sample) => {
        const body = sampleFlow(sample);
        const request = sample.endsWith('.asl.json') && !('asl' in body) ? { asl: body } : body;
        const parsed = parseFlowRequest(request, driver.deps.registry, { asl: true });
        return [
          sample.endsWith('.asl.json') ? sample.slice(0, -'.asl.json'.length) : parsed.flow.id,
          parsed.flow,
        ] as const;
      }),
    );
    const mocks = { location: file, read: () => config };
    for (const [machine, cases] of config.config.stateMachines) {
      const flow = samples.get(machine);
      expect([machine, flow !== undefined]).toEqual([machine, true]);
      for (const testCase of cases.keys())
        expect(selectTestCase(flow!, { test_case: testCase }, machine, { mocks })).toEqual({
          state_machine: machine,
          test_case: testCase,
        });
    }
  });
});
