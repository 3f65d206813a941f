import { api } from '../support/http';
import { MOCKED_GREETER as MACHINE } from '../support/mocked-greeter';

async function finished(id: string) {
  for (let round = 0; round < 12; round++) {
    const view = await api('GET', `/api/v1/flows/executions/${id}?wait_seconds=10`);
    if (view.body.status !== 'RUNNING') return view.body;
  }
  throw new Error(`execution ${id} still running`);
}

async function start(extra: Record<string, unknown>) {
  const started = await api('POST', '/api/v1/flows/execute', {
    json: { asl: MACHINE, input: { who: 'Ada' }, ...extra },
  });
  expect([started.status, started.body.error]).toEqual([202, undefined]);
  return finished(started.body.execution_id as string);
}

/**
 * Test cases of a mock configuration on the local stack (its SFN_MOCK_CONFIG is
 * tests/support/mock-config.json): a start request picks one with `test_case`, and the mocked
 * states run through the step machinery (claim, record, retries, catch) without calling anything.
 */
describe('mocked responses on the local stack', () => {
  it("runs a test case's mocked Return in place of the Lambda call", async () => {
    const view = await start({ state_machine_name: 'MockedGreeter', test_case: 'HappyPath' });
    expect(view.status).toBe('SUCCEEDED');
    expect(view.output).toEqual({ who: 'Ada', greeting: { text: 'hello' } });
    expect(view.test_case).toEqual({ state_machine: 'MockedGreeter', test_case: 'HappyPath' });
  });

  it('retries a mocked Throw, and the retry takes the next mocked response', async () => {
    const view = await start({ state_machine_name: 'MockedGreeter', test_case: 'RetryPath' });
    expect(view.output).toEqual({ who: 'Ada', greeting: { text: 'hello at last' } });
    // The execution's view lists its recorded steps.
    const greets = (view.task_results as Array<{ task_name: string; error_code: string | null }>).filter(
      (s) => s.task_name === 'Greet',
    );
    expect(greets.map((s) => s.error_code)).toEqual([
      'Lambda.TooManyRequestsException',
      'Lambda.TooManyRequestsException',
      null,
    ]);
  });

  it('hands a mocked Throw to the catcher', async () => {
    const view = await start({ state_machine_name: 'MockedGreeter', test_case: 'CatchPath' });
    expect(view.status).toBe('SUCCEEDED');
    expect(view.output).toEqual({
      who: 'Ada',
      error: { Error: 'Greeter.Broken', Cause: 'it broke' },
      apology: 'sorry',
    });
  });

  it("starts a saved flow on a test case listed under the flow's id", async () => {
    const saved = await api('PUT', '/api/v1/flows/mocked-greeter-saved', { json: { asl: MACHINE, input: {} } });
    expect([200, 201]).toContain(saved.status);
    const started = await api('POST', '/api/v1/flows/mocked-greeter-saved/executions', {
      json: { input: { who: 'Grace' }, test_case: 'HappyPath' },
    });
    expect(started.status).toBe(202);
    const view = await finished(started.body.execution_id as string);
    expect(view.output).toEqual({ who: 'Grace', greeting: { text: 'hello' } });
  });

  it('runs a call the engine cannot make (ECS runTask.sync) on its mock, the import having warned of it', async () => {
    const asl = {
      StartAt: 'RunJob',
      States: {
        RunJob: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.sync',
          Parameters: { Cluster: 'jobs', TaskDefinition: 'report:3', 'Overrides.$': '$.overrides' },
          ResultSelector: { 'exit.$': '$.Tasks[0].Containers[0].ExitCode' },
          End: true,
        },
      },
    };
    const started = await api('POST', '/api/v1/flows/execute', {
      json: { asl, input: { overrides: {} }, state_machine_name: 'MockedBatchJob', test_case: 'Ran' },
    });
    expect(started.status).toBe(202);
    expect(started.body.warnings).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("task 'RunJob' makes a call this engine cannot make"),
      }),
    ]);
    const view = await finished(started.body.execution_id as string);
    expect([view.status, view.output]).toEqual(['SUCCEEDED', { exit: 0 }]);
    // Without a test case nothing can run it: States.Runtime, saying what to mock.
    const unmocked = await api('POST', '/api/v1/flows/execute', { json: { asl, input: { overrides: {} } } });
    const failed = await finished(unmocked.body.execution_id as string);
    expect([failed.status, failed.error_code]).toEqual(['FAILED', 'States.Runtime']);
    expect(failed.error).toMatch(/^not mocked: start the execution with a test case that mocks this state/);
  });

  it('refuses an unknown test case with a 400 naming the field, and starts nothing', async () => {
    const refused = await api('POST', '/api/v1/flows/execute', {
      json: { asl: MACHINE, input: {}, state_machine_name: 'MockedGreeter', test_case: 'SadPath' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { path: 'state_machine_name', message: expect.stringContaining("no test case 'SadPath' for 'MockedGreeter'") },
    ]);
  });
});
