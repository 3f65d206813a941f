import { ErrorCode } from '../domain/error-codes';
import { type ErrorDetail, ValidationError } from '../domain/errors';
import type { Execution, MockSelection } from '../domain/execution/execution';
import type { TaskRunResult } from '../domain/execution/task-result';
import { isPlainObject } from '../domain/flow/flow-schema';
import type { FlowDefinition, TaskDefinition } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import { mockedResponse, mockTestCase } from '../domain/mocks/mock-config';
import type { StepDeps } from './step-deps';

/** The fields of a start request that pick a test case (docs/testing-with-mocks.md). */
export interface TestCaseRequest {
  test_case?: unknown;
  state_machine_name?: unknown;
}

/** Task types that call nothing (a Pass, a Wait, a Fail): Step Functions Local mocks Task states only. */
const UNMOCKABLE_TYPES = new Set(['noop', 'wait', 'raise_error']);
const MAX_NAME_LENGTH = 80;

/**
 * A posted request's `test_case` and `state_machine_name` (beside `flow` or `asl`), taken out of
 * the body before the flow is read, which knows nothing of them.
 */
export function takeTestCase(body: unknown): { body: unknown; request?: TestCaseRequest } {
  if (!isPlainObject(body) || !('test_case' in body || 'state_machine_name' in body)) return { body };
  if (!('flow' in body || 'asl' in body)) return { body };
  const { test_case, state_machine_name, ...rest } = body;
  return { body: rest, request: { test_case, state_machine_name } };
}

/**
 * The test case an execution runs with, checked against its flow before anything is written: the
 * stack has a mock configuration, it holds the state machine (the saved flow's id, or the request's
 * `state_machine_name`) and the test case, and every state the test case mocks is one of the flow's
 * tasks (its branches' and item processors' included) that calls something. 400 naming the field.
 */
export function selectTestCase(
  flow: FlowDefinition,
  request: TestCaseRequest,
  savedFlowId: string | undefined,
  deps: Pick<StepDeps, 'mocks'>,
): MockSelection | undefined {
  const { test_case: testCase, state_machine_name: named } = request;
  if (testCase === undefined) {
    if (named !== undefined) refuse('state_machine_name', 'goes with test_case: give both, or neither');
    return undefined;
  }
  if (typeof testCase !== 'string' || testCase.length === 0 || testCase.length > MAX_NAME_LENGTH)
    refuse('test_case', `must be the name of a test case (a string of 1 to ${MAX_NAME_LENGTH} characters)`);
  if (named !== undefined && (typeof named !== 'string' || named.length === 0 || named.length > MAX_NAME_LENGTH))
    refuse('state_machine_name', `must be a state machine's name (a string of 1 to ${MAX_NAME_LENGTH} characters)`);
  const stateMachine = named ?? savedFlowId;
  if (stateMachine === undefined)
    refuse(
      'state_machine_name',
      "is required with test_case: the name under which the mock configuration's StateMachines lists this one",
    );
  if (!deps.mocks)
    refuse(
      'test_case',
      'this stack has no mock configuration: start it with SFN_MOCK_CONFIG=<file> npm start (mocks are for the local stack only)',
    );
  const config = deps.mocks.read();
  if (!config.ok)
    throw new ValidationError(
      `the mock configuration ${deps.mocks.location} has ${config.problems.length} problem(s)`,
      config.problems.map((p) => ({ path: `SFN_MOCK_CONFIG${p.path ? `.${p.path}` : ''}`, message: p.message })),
    );
  const found = mockTestCase(config.config, stateMachine, testCase);
  if (!found.ok) refuse(named !== undefined ? 'state_machine_name' : 'test_case', found.problem);
  const tasks = new Map(allTasks(flow).map((task) => [task.name, task]));
  const problems: ErrorDetail[] = [];
  for (const state of found.states.keys()) {
    const task = tasks.get(state);
    if (!task)
      problems.push({
        path: 'test_case',
        message: `mocks the state '${state}', which this state machine does not have`,
      });
    else if (task.fan_out || UNMOCKABLE_TYPES.has(task.task_type))
      problems.push({
        path: 'test_case',
        message: `mocks the state '${state}', which calls nothing (only Task states are mocked; a Map or Parallel's own states can be)`,
      });
  }
  if (problems.length > 0)
    throw new ValidationError(`test case '${testCase}' does not fit this state machine`, problems);
  return { state_machine: stateMachine, test_case: testCase };
}

/**
 * The mocked result of the task's run, when its execution runs with a test case that mocks it:
 * `Return` is its result, `Throw` fails it with that error name and cause, through the same step
 * machinery as a real run (retriers, catchers). Which response: the one numbered by the retries
 * the state had so far in this visit, as Step Functions Local numbers them. Undefined: run it.
 */
export function mockedRun(
  execution: Execution,
  task: TaskDefinition,
  deps: Pick<StepDeps, 'mocks'>,
): TaskRunResult | undefined {
  const selection = execution.mock;
  if (!selection) return undefined;
  const failed = (error: string): TaskRunResult => ({ status: 'failure', error, error_code: ErrorCode.Runtime });
  if (!deps.mocks)
    return failed('the execution runs with a test case, but this stack has no mock configuration (SFN_MOCK_CONFIG)');
  const config = deps.mocks.read();
  if (!config.ok)
    return failed(
      `the mock configuration ${deps.mocks.location} has problems: ${config.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    );
  const found = mockTestCase(config.config, selection.state_machine, selection.test_case);
  if (!found.ok) return failed(found.problem);
  const responseName = found.states.get(task.name);
  if (responseName === undefined) return undefined;
  const retries = (execution.cursor?.retries ?? []).reduce((sum, n) => sum + n, 0);
  const response = mockedResponse(config.config, responseName, retries);
  if (!response)
    return failed(
      `the mocked response '${responseName}' has no response for invocation ${retries} of state '${task.name}'`,
    );
  if ('throw' in response)
    return { status: 'failure', error_code: response.throw.error, error: response.throw.cause ?? '' };
  const bytes = Buffer.byteLength(JSON.stringify(response.return), 'utf8');
  if (bytes > LIMITS.maxTaskOutputBytes)
    return {
      status: 'failure',
      error: `the mocked response '${responseName}' is ${bytes} bytes; a task's output may be ${LIMITS.maxTaskOutputBytes}`,
      error_code: ErrorCode.OutputTooLarge,
    };
  return { status: 'success', output: response.return, message: `mocked by '${responseName}'` };
}

/** Whether the execution's test case mocks this task (a mocked callback task then does not wait). */
export function isMocked(execution: Execution, task: TaskDefinition, deps: Pick<StepDeps, 'mocks'>): boolean {
  if (!execution.mock || !deps.mocks) return false;
  const config = deps.mocks.read();
  if (!config.ok) return false;
  const found = mockTestCase(config.config, execution.mock.state_machine, execution.mock.test_case);
  return found.ok && found.states.has(task.name);
}

/** The made-up token of a mocked callback task: never one a callback route takes (those start with 'ft1.', docs/callbacks.md). */
export const mockTaskToken = (execution: Execution, seq: number): string => `mocked.${execution.execution_id}.${seq}`;

/** The flow's tasks and those of its fan-outs' sub-flows, at any depth (state names are unique machine-wide). */
function allTasks(flow: Pick<FlowDefinition, 'tasks'>): TaskDefinition[] {
  return flow.tasks.flatMap((task) => {
    const fanOut = task.fan_out;
    if (!fanOut) return [task];
    const subFlows = fanOut.kind === 'parallel' ? fanOut.branches : [fanOut.item_processor];
    return [task, ...subFlows.flatMap(allTasks)];
  });
}

function refuse(field: string, message: string): never {
  throw new ValidationError(`${field}: ${message}`, [{ path: field, message }]);
}
