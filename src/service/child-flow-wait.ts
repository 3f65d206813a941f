import { ErrorCode } from '../domain/error-codes';
import type { Execution } from '../domain/execution/execution';
import { cursorMessage } from '../domain/execution/step-message';
import type { FlowVersion } from '../domain/saved-flow/saved-flow';
import { describedChild, failedChildResult } from '../engine/child-flow/child-flow-output';
import type { FanOut, FanOutRef } from '../ports/fan-out-store';
import { isPastDeadline } from '../engine/execution-deadline';
import { reportEndedChild } from './child-end';
import { timeOutExecution } from './execution-control';
import { isEnded } from './child-ending';
import type { ChildFlowScope, StartFlowParameters, ChildFlowRun } from './child-flow-scope';
import { parkAtJoin, startChild } from './fan-out-children';
import type { StepDeps } from './step-deps';

/** How long a child may sit unclaimed after its hand-on before a check of its parent hands it on again. */
const UNCLAIMED_GRACE_MS = 60_000;

/**
 * A child flow waited for (`wait: true`, Step Functions' `.sync`) runs as the one child of a
 * fan-out of the step (docs/decisions/0030-child-flows.md): the fan-out item is opened with one
 * slot, the saved flow's version is stored as the run's sub-flow, the step parks, and the child
 * (`<parent>.<seq>.0`, a conditional put: started once however often this runs) reports its end
 * on the item, whose join hands the step on once. A stop of the parent stops it as any fan-out's
 * children (src/service/fan-out-abort.ts).
 */
export async function startWaitedChild(
  scope: ChildFlowScope,
  version: FlowVersion,
  input: Record<string, unknown>,
  deps: StepDeps,
): Promise<ChildFlowRun> {
  const { execution, task } = scope;
  const ref: FanOutRef = { parentId: execution.execution_id, seq: execution.cursor!.seq };
  const at = deps.clock.now().toISOString();
  const [hash] = await deps.store.saveSubFlows(ref.parentId, [version.flow], at);
  const opened = await deps.fanOuts.open({
    ...ref,
    stateName: task.name,
    mode: { kind: 'parallel' },
    total: 1,
    maxConcurrency: 1,
    items: [input],
    at,
  });
  if (!(await parkAtJoin(execution, scope.claimToken, at, deps))) return { kind: 'lost' };
  if (opened.toStart.includes(0)) await startTheChild(execution, opened.fanOut, version, hash!, input, deps);
  return { kind: 'parked' };
}

const startTheChild = (
  parent: Execution,
  fanOut: FanOut,
  version: FlowVersion,
  hash: string,
  input: unknown,
  deps: StepDeps,
) =>
  startChild(
    {
      parent: { execution_id: parent.execution_id, flow_id: version.flow_id, max_steps: version.flow.max_steps },
      fanOut,
      index: 0,
      slot: 0,
      subFlow: version.flow,
      subFlowHash: hash,
      input,
      flowVersion: version.version,
      // Its own flow's timeout holds as on any start of it; a map's or parallel's children have none of their own.
      ...(version.flow.timeout_seconds !== undefined && {
        timeout: { seconds: version.flow.timeout_seconds, timeScale: deps.timeScale ?? 1 },
      }),
    },
    deps,
  );

/**
 * The step handed on again. Joined: the child's end is the step's result (one read of the child).
 * Still running (a stray delivery, or the sweep's check of a parked step about once a minute): the
 * claim goes back, and the child is looked at once: never put (the entry died before it), it is
 * started; not claimed, it is handed on again; ended with its report lost, it is reported for.
 */
export async function resumeWaitedChild(
  scope: ChildFlowScope,
  fanOut: FanOut,
  parameters: StartFlowParameters,
  deps: StepDeps,
): Promise<ChildFlowRun> {
  const { execution } = scope;
  const child = (await deps.store.loadChildren(fanOut.parentId, fanOut.seq, [0])).get(0);
  if (fanOut.status === 'SUCCEEDED' && child)
    return { kind: 'done', result: { status: 'success', output: describedChild(child, parameters.output_format) } };
  if (fanOut.status === 'FAILED' && child)
    return { kind: 'done', result: failedChildResult(child, parameters.output_format) };
  if (fanOut.status !== 'RUNNING')
    return {
      kind: 'done',
      result: { status: 'failure', error_code: ErrorCode.Aborted, error: 'the child flow was stopped with its parent' },
    };
  const parkedAlready = execution.cursor?.wait_started_at !== undefined;
  const at = deps.clock.now().toISOString();
  const givenBack = parkedAlready
    ? await deps.store.releaseClaim(execution.execution_id, scope.claimToken)
    : await deps.store.deferStep({
        executionId: execution.execution_id,
        claimToken: scope.claimToken,
        cursor: { ...execution.cursor!, wait_started_at: at },
        at,
      });
  if (!givenBack) return { kind: 'lost' };
  await recoverChild(execution, fanOut, child, parameters, deps);
  return { kind: 'running' };
}

async function recoverChild(
  parent: Execution,
  fanOut: FanOut,
  child: Execution | undefined,
  parameters: StartFlowParameters,
  deps: StepDeps,
): Promise<void> {
  if (!child) {
    const version = await deps.flows?.loadVersion(parameters.flow_id, parameters.version);
    if (!version) return;
    const [hash] = await deps.store.saveSubFlows(parent.execution_id, [version.flow], deps.clock.now().toISOString());
    const input = await deps.fanOuts.itemPage(fanOut, 0);
    await startTheChild(parent, fanOut, version, hash!, input.items[0], deps);
    return;
  }
  if (isEnded(child)) {
    await reportEndedChild(child, deps);
    return;
  }
  const now = deps.clock.now().getTime();
  // Children are in no index the sweep reads: this check is what times out one past its deadline while it waits.
  if (child.status === 'RUNNING' && isPastDeadline(child, now)) {
    await timeOutExecution(child, deps);
    return;
  }
  // Handed on again only once it looks stalled: a claim whose lease is over, or no claim well after its hand-on.
  const stalled = child.claim
    ? child.claim.lease_expires_at < now
    : now - Date.parse(child.dispatched_at ?? child.created_at) > UNCLAIMED_GRACE_MS;
  if (child.status === 'RUNNING' && child.cursor && stalled)
    await deps.dispatcher.dispatch(cursorMessage(child.execution_id, child.cursor, child.definition_hash));
}
