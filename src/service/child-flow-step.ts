import { ErrorCode } from '../domain/error-codes';
import { DomainError } from '../domain/errors';
import type { Execution } from '../domain/execution/execution';
import { LIMITS } from '../domain/limits';
import type { FlowVersion } from '../domain/saved-flow/saved-flow';
import { childDepth, startedChildOutput } from '../engine/child-flow/child-flow-output';
import { detachedChildName } from '../engine/child-flow/detached-child-name';
import { parseExecutionInput } from '../flow-requests/flow-validation';
import { flowOfStateMachineArn, looksLikeArn } from '../domain/state-machine-arn';
import type { TaskRunResult, TaskType } from '../tasks/task-type';
import { resumeWaitedChild, startWaitedChild } from './child-flow-wait';
import type { ChildFlowScope, StartFlowParameters, ChildFlowRun } from './child-flow-scope';
import { createExecution, SavedFlowStart } from './execution-lifecycle';
import { jsonPathParameters } from './jsonpath-data';
import { mockedRun } from './mocked-runs';
import { type DataScope, type Evaluated, taskParameters } from './step-data';
import type { StepDeps } from './step-deps';

/** The error a start of a saved flow that does not exist fails with, as Step Functions names it. */
export const STATE_MACHINE_DOES_NOT_EXIST = 'StateMachineDoesNotExist';

const failure = (error: string, error_code: string = ErrorCode.TaskFailed): ChildFlowRun => ({
  kind: 'done',
  result: { status: 'failure', error_code, error },
});

/**
 * A `start_flow` step (docs/child-flows.md). Without `wait` it starts the saved flow's version as
 * an execution of its own, under a name derived from this step, so however often the step runs
 * again (a takeover after a lost invocation) the name's idempotent start finds the same child; the
 * result is the child started. With `wait`, the child runs on the fan-out machinery
 * (src/service/child-flow-wait.ts): the step parks, and the child's end hands it on once.
 */
export async function runChildFlow(scope: ChildFlowScope, taskType: TaskType, deps: StepDeps): Promise<ChildFlowRun> {
  // A mocked state (docs/testing-with-mocks.md) gives its mocked response and starts nothing.
  const mocked = mockedRun(scope.execution, scope.task, deps);
  if (mocked) return { kind: 'done', result: mocked };
  const evaluated = await parametersOf(scope);
  if (!evaluated.ok) return { kind: 'done', result: evaluated.failure };
  const parsed = taskType.parameters.safeParse(evaluated.value);
  if (!parsed.success)
    return failure(`parameters no longer match task type '${taskType.type}': ${parsed.error.message}`);
  const parameters = parsed.data as StartFlowParameters;
  const { execution } = scope;
  const seq = execution.cursor!.seq;
  if (parameters.wait) {
    // Handed on again (the child ended, or a stray or recovering delivery): the run it started.
    const existing = await deps.fanOuts.load({ parentId: execution.execution_id, seq });
    if (existing) return resumeWaitedChild(scope, existing, parameters, deps);
  }
  const depth = childDepth(execution) + 1;
  if (depth > LIMITS.maxChildFlowDepth)
    return failure(
      `a child flow would run ${depth} levels below the execution a caller started; at most ${LIMITS.maxChildFlowDepth} are allowed`,
    );
  const version = await savedVersion(parameters, deps);
  if (!version.ok) return failure(version.error, STATE_MACHINE_DOES_NOT_EXIST);
  const input = childInput(parameters.input ?? version.value.default_input ?? {});
  if (!input.ok) return failure(input.error);
  if (parameters.wait) return startWaitedChild(scope, version.value, input.value, deps);
  return startDetached(scope, version.value, input.value, { ...parameters, depth }, deps);
}

/**
 * A start that is not waited for, as a task body: what a start that waits for a callback runs
 * (`states:startExecution.waitForTaskToken`, docs/callbacks.md) once its token exists, so that its
 * input can hand the child `$$.Task.Token`. A takeover runs it again and finds the same child.
 */
export const startFlowBody =
  (deps: StepDeps, taskType: TaskType, claimToken: string) =>
  async (scope: DataScope): Promise<TaskRunResult> => {
    const run = await runChildFlow({ ...scope, claimToken }, taskType, deps);
    // Submission refuses a waited child that also waits for a callback: only a detached start gets here.
    return run.kind === 'done'
      ? run.result
      : { status: 'failure', error: 'a start_flow body cannot wait for its child' };
  };

/** The task's parameters: as written, or its `arguments` (JSONata) or `jsonpath.parameters` evaluated. */
async function parametersOf(scope: ChildFlowScope): Promise<Evaluated<unknown>> {
  const { execution, task } = scope;
  if (task.jsonpath) return jsonPathParameters(scope, task.jsonpath);
  if (task.arguments !== undefined) return taskParameters(scope, execution.definition_hash, 'arguments');
  return { ok: true, value: task.parameters };
}

type Found<T> = { ok: true; value: T } | { ok: false; error: string };

async function savedVersion(parameters: StartFlowParameters, deps: StepDeps): Promise<Found<FlowVersion>> {
  if (!deps.flows) return { ok: false, error: 'saved flows are not available to this deployment' };
  const named = looksLikeArn(parameters.flow_id) ? flowOfStateMachineArn(parameters.flow_id) : parameters;
  if (!named)
    return {
      ok: false,
      error: `'${parameters.flow_id}' is not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<saved flow id>)`,
    };
  const version = parameters.version ?? named.version;
  const found = await deps.flows.loadVersion(named.flow_id, version);
  if (found) return { ok: true, value: found };
  return {
    ok: false,
    error:
      version === undefined
        ? `no saved flow has the id '${named.flow_id}'`
        : `saved flow '${named.flow_id}' has no version ${version}`,
  };
}

/** The child's input, held to what a start of the saved flow takes (an object, within LIMITS.maxInputBytes). */
function childInput(value: unknown): Found<Record<string, unknown>> {
  try {
    // Step Functions takes the Input as JSON or as JSON text (`States.JsonToString($)`): text is parsed.
    return { ok: true, value: parseExecutionInput(typeof value === 'string' ? parseJsonText(value) : value) };
  } catch (error) {
    if (error instanceof DomainError) {
      const details = (error.details ?? []).map((d) => `${d.path}: ${d.message}`).join('; ');
      return { ok: false, error: `the child flow's input: ${error.message}${details ? ` (${details})` : ''}` };
    }
    throw error;
  }
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // refused by parseExecutionInput as what it is: not an object
  }
}

/**
 * Starts the child as an execution of its own, or finds the one this step started already: the
 * name is the key of an idempotent start, and a child that has ended since still holds it (its
 * record names this step, which is how it is told from another execution of that name).
 */
async function startDetached(
  scope: ChildFlowScope,
  version: FlowVersion,
  input: Record<string, unknown>,
  options: StartFlowParameters & { depth: number },
  deps: StepDeps,
): Promise<ChildFlowRun> {
  const { execution, task } = scope;
  const seq = execution.cursor!.seq;
  const name = options.name ?? detachedChildName(execution.execution_id, seq);
  const startedBy = { execution_id: execution.execution_id, seq, task: task.name, depth: options.depth };
  let child: Execution;
  try {
    ({ execution: child } = await createExecution(
      new SavedFlowStart(version, input),
      { start: true, name, startedBy },
      deps,
    ));
  } catch (error) {
    if (!(error instanceof DomainError) || error.status !== 409) throw error;
    const held = (await deps.store.nameHolder(name, deps.clock.now().toISOString()))?.execution;
    const ours = held?.started_by?.execution_id === execution.execution_id && held.started_by.seq === seq;
    if (!ours) return failure(error.message, 'ExecutionAlreadyExists');
    child = held;
  }
  const result: TaskRunResult = { status: 'success', output: startedChildOutput(child) };
  return { kind: 'done', result };
}
