import { ValidationError } from '../../src/domain/errors';
import { parseMockConfig } from '../../src/domain/mocks/mock-config';
import { executeFlow } from '../../src/service/execute-flow';
import { mockOnlyReason } from '../../src/tasks/mock-only-resources';
import { runRequest } from '../support/asl-machine-runner';
import { EngineDriver } from '../support/engine-driver';
import { onAwsStage } from '../support/stage-kind';

/**
 * Calls the engine cannot make (an integration it does not build in, an aws-sdk service without
 * its client, an activity) import as `mock_only` tasks where mocks exist, and run on a test case's
 * mocked responses, as Step Functions Local ran them (docs/testing-with-mocks.md).
 */

const MACHINE = {
  StartAt: 'Build',
  States: {
    Build: {
      Type: 'Task',
      Resource: 'arn:aws:states:::codebuild:startBuild.sync',
      Parameters: { ProjectName: 'site', 'SourceVersion.$': '$.commit' },
      ResultSelector: { 'status.$': '$.Build.BuildStatus' },
      ResultPath: '$.build',
      Retry: [{ ErrorEquals: ['CodeBuild.AWSCodeBuildException'], IntervalSeconds: 1, MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
      Next: 'Copy',
    },
    Copy: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:cloudfront:createInvalidation',
      Parameters: {
        DistributionId: 'E1',
        InvalidationBatch: { CallerReference: 'x', Paths: { Quantity: 1, Items: ['/*'] } },
      },
      ResultPath: null,
      End: true,
    },
    Failed: { Type: 'Pass', End: true },
  },
};

const CONFIG = {
  StateMachines: {
    Deploy: {
      TestCases: {
        Built: { Build: 'BuildSucceeded', Copy: 'Copied' },
        Flaky: { Build: 'FailsThenSucceeds', Copy: 'Copied' },
        BuildOnly: { Build: 'BuildSucceeded' },
      },
    },
    SamTemplate: { TestCases: { Happy: { Score: 'Scored', Save: 'Saved' } } },
  },
  MockedResponses: {
    BuildSucceeded: { '0': { Return: { Build: { BuildStatus: 'SUCCEEDED', Id: 'site:1' } } } },
    FailsThenSucceeds: {
      '0': { Throw: { Error: 'CodeBuild.AWSCodeBuildException', Cause: 'busy' } },
      '1': { Return: { Build: { BuildStatus: 'SUCCEEDED' } } },
    },
    Scored: { '0': { Return: { StatusCode: 200, Payload: { score: 7 } } } },
    Saved: { '0': { Return: {} } },
    Copied: { '0': { Return: { Invalidation: { Status: 'InProgress' } } } },
  },
};

function mockedDriver(): EngineDriver {
  const driver = new EngineDriver();
  driver.deps.mocks = { location: 'mock-config.json', read: () => parseMockConfig(JSON.stringify(CONFIG)) };
  return driver;
}

const run = runRequest;

const deploy = (testCase?: string) => ({
  asl: MACHINE,
  input: { commit: 'abc123' },
  state_machine_name: 'Deploy',
  ...(testCase !== undefined && { test_case: testCase }),
});

describe('which calls the engine can only mock', () => {
  it.each([
    ['arn:aws:states:::ecs:runTask.sync', 'the ecs:runTask.sync integration is not built into this engine'],
    ['arn:aws:states:::glue:startJobRun.sync:2', 'the glue:startJobRun.sync:2 integration'],
    ['arn:aws:states:::bedrock:invokeModel', 'the bedrock:invokeModel integration'],
    ['arn:aws:states:::http:invoke', 'the http:invoke integration'],
    ['arn:aws:states:::ecs:runTask.waitForTaskToken', 'the ecs:runTask.waitForTaskToken integration'],
    ['arn:aws:states:::aws-sdk:glue:getJob', "the aws-sdk integration's service 'glue'"],
    ['arn:aws:states:us-east-1:123456789012:activity:review', 'activities'],
  ])('%s', (resource, reason) => {
    expect(mockOnlyReason(resource)).toContain(reason);
  });

  it.each([
    'arn:aws:states:::aws-sdk:dynamodb:query',
    'arn:aws:states:::aws-sdk:s3:getObject',
    'arn:aws:states:::sns:publish',
    'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
    'arn:aws:states:::lambda:invoke',
    'arn:aws:lambda:us-east-1:123456789012:function:greet',
    'arn:aws:states:::states:startExecution.sync:2',
    // Not a Step Functions integration either (DynamoDB's optimized actions are four): refused as it is.
    'arn:aws:states:::dynamodb:query',
    'flow:noop',
    'not an arn',
  ])('not %s', (resource) => {
    expect(mockOnlyReason(resource)).toBeUndefined();
  });
});

describe('a state machine with calls the engine cannot make', () => {
  it("runs a SAM template's machine whose ${…} placeholders no substitutions fill, on mocks", async () => {
    const asl = {
      StartAt: 'Score',
      States: {
        Score: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: '${ScoreFunctionArn}', 'Payload.$': '$' },
          ResultSelector: { 'score.$': '$.Payload.score' },
          ResultPath: '$.result',
          Next: 'Save',
        },
        Save: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: { TableName: '${ScoresTable}', Item: { id: { 'S.$': '$.id' } } },
          ResultPath: null,
          End: true,
        },
      },
    };
    const done = await run(mockedDriver(), {
      asl,
      input: { id: 'a' },
      state_machine_name: 'SamTemplate',
      test_case: 'Happy',
    });
    expect(done.status).toBe('SUCCEEDED');
    expect(done.state.data).toEqual({ id: 'a', result: { score: 7 } });
  });

  it('imports on the local stack with a warning naming each such state', async () => {
    const driver = mockedDriver();
    const started = await executeFlow(deploy('Built'), { waitSeconds: 0 }, driver.deps);
    const warnings = started.finished ? [] : started.warnings;
    const messages = warnings.map((w) => `${w.path}: ${w.message}`).join('\n');
    expect(messages).toMatch(/task 'Build' makes a call this engine cannot make/);
    expect(messages).toMatch(/task 'Copy' makes a call this engine cannot make/);
  });

  it('runs on the mocked responses, through ResultSelector, ResultPath and a retrier', async () => {
    const driver = mockedDriver();
    const done = await run(driver, deploy('Flaky'));
    expect(done.status).toBe('SUCCEEDED');
    expect(done.state.data).toEqual({ commit: 'abc123', build: { status: 'SUCCEEDED' } });
    const steps = await driver.steps(done.execution_id);
    expect(steps.map((s) => [s.task_name, s.task_type, s.status, s.error_code ?? null])).toEqual([
      ['Build', 'mock_only', 'FAILED', 'CodeBuild.AWSCodeBuildException'],
      ['Build', 'mock_only', 'SUCCEEDED', null],
      ['Copy', 'mock_only', 'SUCCEEDED', null],
    ]);
  });

  it('fails an unmocked state with States.Runtime saying what to mock, which States.ALL does not catch', async () => {
    const done = await run(mockedDriver(), deploy('BuildOnly'));
    // Build is mocked; Copy is not, and has no catcher: the execution fails naming what to do.
    expect(done.status).toBe('FAILED');
    expect(done.reason).toBe('States.Runtime');
    expect(done.error).toMatch(
      /^not mocked: start the execution with a test case that mocks this state .*service 'cloudfront'/s,
    );
    const noTestCase = await run(mockedDriver(), { asl: MACHINE, input: { commit: 'x' } });
    // As in Step Functions, a catcher of States.ALL does not take States.Runtime: nothing runs on by accident.
    expect(noTestCase.status).toBe('FAILED');
    expect(noTestCase.error).toContain('codebuild:startBuild.sync');
  });

  it('is refused on an AWS stage, where nothing can mock it, naming the Resource', () =>
    onAwsStage(async () => {
      const driver = new EngineDriver();
      const error = await executeFlow(deploy(), { waitSeconds: 0 }, driver.deps).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details).toEqual(
        expect.arrayContaining([
          { path: 'asl.States.Build.Resource', message: expect.stringContaining('an AWS stage has no mocks') },
          { path: 'asl.States.Copy.Resource', message: expect.stringContaining("service 'cloudfront'") },
        ]),
      );
      const native = await executeFlow(
        {
          id: 'n',
          name: 'n',
          start_task: 'call',
          tasks: [
            { name: 'call', task_type: 'mock_only', parameters: { resource: 'arn:aws:states:::ecs:runTask.sync' } },
          ],
          conditions: [],
        },
        { waitSeconds: 0 },
        driver.deps,
      ).catch((e: unknown) => e);
      expect((native as ValidationError).details).toEqual([
        { path: 'tasks[0].parameters.resource', message: expect.stringContaining('an AWS stage has no mocks') },
      ]);
      expect((await driver.store.list({ limit: 10 })).items).toEqual([]);
    }));

  it("leaves a Task's Credentials out with a warning on the local stack, and refuses it on an AWS stage", async () => {
    const asl = {
      StartAt: 'Build',
      States: {
        Build: {
          Type: 'Task',
          Resource: 'arn:aws:states:::codebuild:startBuild.sync',
          Parameters: { ProjectName: 'site' },
          Credentials: { RoleArn: 'arn:aws:iam::111122223333:role/builder' },
          End: true,
        },
      },
    };
    const started = await executeFlow(
      { asl, input: { commit: 'c' }, state_machine_name: 'Deploy', test_case: 'BuildOnly' },
      { waitSeconds: 0 },
      mockedDriver().deps,
    );
    const warnings = started.finished ? [] : started.warnings;
    expect(warnings).toContainEqual({
      path: 'asl.States.Build.Credentials',
      message: expect.stringContaining('Credentials (a role to assume) is left out'),
    });
    const refused = await onAwsStage(() =>
      executeFlow({ asl, input: {} }, { waitSeconds: 0 }, new EngineDriver().deps).catch((e: unknown) => e),
    );
    expect((refused as ValidationError).details).toContainEqual(
      expect.objectContaining({ path: 'asl.States.Build.Credentials' }),
    );
  });

  it('refuses a mock_only task whose resource is a call the engine makes itself', async () => {
    const error = await executeFlow(
      {
        id: 'n',
        name: 'n',
        start_task: 'call',
        tasks: [{ name: 'call', task_type: 'mock_only', parameters: { resource: 'arn:aws:states:::sns:publish' } }],
        conditions: [],
      },
      { waitSeconds: 0 },
      new EngineDriver().deps,
    ).catch((e: unknown) => e);
    expect((error as ValidationError).details).toEqual([
      { path: 'tasks[0].parameters.resource', message: expect.stringContaining('use its own task type') },
    ]);
  });
});
