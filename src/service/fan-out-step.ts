import { ErrorCode } from '../domain/error-codes';
import type { Execution } from '../domain/execution/execution';
import { executionOutput, stateInput } from '../domain/execution/execution-state';
import { definitionHash } from '../domain/flow/definition-hash';
import type { FanOutDefinition, FlowDefinition } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import { childErrorCode, errorName } from '../engine/error-matching';
import { joinDecision } from '../engine/fan-out/join-decision';
import { type ChildOutput, failedItemOutput, gatherInOrder } from '../engine/fan-out/ordered-results';
import { subFlowDefinitions, subFlowIndex } from '../engine/fan-out/sub-flow-definition';
import { writtenResults } from '../engine/fan-out/written-results';
import type { FanOut, FanOutRef } from '../ports/fan-out-store';
import type { TaskRunResult } from '../tasks/task-type';
import { scopeOfParent, scopeSizeFailure } from './child-scope';
import { abortFanOutOf } from './fan-out-abort';
import { parkAtJoin, runningSlots } from './fan-out-children';
import { resumeFanOut } from './fan-out-redrive';
import { parentMessage } from './parent-hand-on';
import { startSlotChild } from './slot-child';
import { stepFanOut } from './step-fan-out';
import { recoverSlots } from './fan-out-recovery';
import { branchInputs, DEFAULT_MAP_ITEMS, type FanOutStart, iterationInput, mapItems } from './fan-out-inputs';
import { jsonPathFanOutStart } from './fan-out-jsonpath-inputs';
import { type DataScope, type Evaluated, taskParameters } from './step-data';
import type { StepDeps } from './step-deps';

export type FanOutRun =
  /** The fan-out joined: its result (the children's outputs in order) or its failure, for the state to settle. */
  | { kind: 'done'; result: TaskRunResult }
  /** The children started and the parent's step is parked at the join: no compute is held. */
  | { kind: 'parked' }
  /** The fan-out still runs (a stray or recovering delivery): the claim was given back. */
  | { kind: 'running' }
  | { kind: 'lost' };

export interface FanOutScope extends DataScope {
  flow: FlowDefinition;
  claimToken: string;
  attempt: number;
}

/** Children read per request when the join gathers their outputs (BatchGetItem's bound). */
const GATHER_PAGE = 100;

/**
 * A map or parallel state's step (docs/decisions/0025-fan-out-as-child-executions.md). Its first
 * run evaluates the children's inputs, stores them and the sub-flows, opens the fan-out item,
 * parks the step (its claim goes, as a durable wait's does) and starts the first children. The
 * child whose end decides the join hands the step on again; that run reads the joined fan-out and
 * gathers the children's outputs in order. Any other delivery finds the fan-out running, gives the
 * claim back and makes sure the children in its slots were started.
 */
export async function runFanOut(scope: FanOutScope, deps: StepDeps): Promise<FanOutRun> {
  const { execution, task } = scope;
  const fanOutDefinition = task.fan_out!;
  const ref: FanOutRef = { parentId: execution.execution_id, seq: execution.cursor!.seq };
  const found = await stepFanOut(execution, ref.seq, task.name, deps);
  // A redrive's step takes up the fan-out that ended its execution: the children that did not succeed run again.
  const existing =
    found.kind === 'resume'
      ? await resumeFanOut(execution, found.fanOut, deps)
      : found.kind === 'own'
        ? found.fanOut
        : undefined;
  if (existing?.status === 'SUCCEEDED')
    return {
      kind: 'done',
      result:
        fanOutDefinition.kind === 'map' && fanOutDefinition.write_results
          ? { status: 'success', output: writtenResults(existing) }
          : await gather(existing, deps),
    };
  if (existing?.status === 'FAILED') return { kind: 'done', result: await joinFailure(existing, deps) };
  if (existing?.status === 'RUNNING' && pastTimeout(scope, deps)) {
    await abortFanOutOf(execution, deps);
    return {
      kind: 'done',
      result: {
        status: 'failure',
        error_code: ErrorCode.Timeout,
        error: `the ${fanOutDefinition.kind} ran longer than its timeout_seconds (${task.timeout_seconds})`,
      },
    };
  }
  if (existing) {
    // Given back as a durable wait's claim goes. A takeover of an entry that died before parking
    // parks the step now, so the sweep sees a parked fan-out and its timeout counts (from now).
    const parkedAlready = execution.cursor?.wait_started_at !== undefined;
    const givenBack = parkedAlready
      ? await deps.store.releaseClaim(ref.parentId, scope.claimToken)
      : await deps.store.deferStep({
          executionId: ref.parentId,
          claimToken: scope.claimToken,
          cursor: { ...execution.cursor!, wait_started_at: deps.clock.now().toISOString() },
          at: deps.clock.now().toISOString(),
        });
    if (!givenBack) return { kind: 'lost' };
    if (existing.status === 'RUNNING')
      await recoverSlots({ parent: execution, flow: scope.flow, task }, existing, deps);
    return { kind: 'running' };
  }
  return enter(scope, ref, fanOutDefinition, deps);
}

async function enter(
  scope: FanOutScope,
  ref: FanOutRef,
  definition: FanOutDefinition,
  deps: StepDeps,
): Promise<FanOutRun> {
  const { execution, task } = scope;
  const hash = execution.definition_hash;
  const start = task.jsonpath
    ? jsonPathFanOutStart(scope, definition, task.jsonpath)
    : await jsonataFanOutStart(scope, definition);
  if (!start.ok) return { kind: 'done', result: start.failure };
  const tooLarge = scopeSizeFailure(scopeOfParent(execution), definition.kind);
  if (tooLarge) return { kind: 'done', result: tooLarge };
  const at = deps.clock.now().toISOString();
  const subFlows = subFlowDefinitions(scope.flow, task.name, definition);
  await deps.store.saveSubFlows(ref.parentId, subFlows, at);
  const opened = await deps.fanOuts.open({
    ...ref,
    stateName: task.name,
    mode: definition.kind === 'parallel' ? { kind: 'parallel' } : { kind: 'map', tolerance: definition.tolerance },
    total: start.value.children.length,
    maxConcurrency: definition.kind === 'map' ? definition.max_concurrency : LIMITS.maxFanOutConcurrency,
    items: definition.kind === 'parallel' ? [start.value.input] : start.value.children,
    at,
  });
  if (!(await parkAtJoin(execution, scope.claimToken, at, deps))) return { kind: 'lost' };
  if (opened.fanOut.counts.total === 0) {
    // Nothing to run (a map over []): joined at once, and the step handed on to settle it.
    const joined = await deps.fanOuts.join(ref, at, opened.fanOut);
    if (joined.joined || joined.fanOut?.status === 'SUCCEEDED')
      await deps.dispatcher.dispatch(parentMessage(opened.fanOut, hash));
    return { kind: 'parked' };
  }
  const toStart = new Set(opened.toStart);
  await startSlots(
    scope,
    opened.fanOut,
    runningSlots(opened.fanOut).filter(([, value]) => toStart.has(value)),
    deps,
  );
  return { kind: 'parked' };
}

/** The input (the task's `arguments` evaluated, else its input) and each child's, in JSONata mode. */
async function jsonataFanOutStart(scope: FanOutScope, definition: FanOutDefinition): Promise<Evaluated<FanOutStart>> {
  const { execution, task } = scope;
  const input =
    task.arguments !== undefined
      ? await taskParameters(scope, execution.definition_hash, 'arguments')
      : stateInputOf(execution);
  if (!input.ok) return input;
  const children = await childInputs(scope, definition, input.value);
  return children.ok ? { ok: true, value: { input: input.value, children: children.value } } : children;
}

/** Each child's input: a parallel's branches get the input whole; a map's items go through its item_selector. */
async function childInputs(
  scope: FanOutScope,
  definition: FanOutDefinition,
  input: unknown,
): Promise<Evaluated<unknown[]>> {
  const hash = scope.execution.definition_hash;
  if (definition.kind === 'parallel') return { ok: true, value: branchInputs(definition.branches.length, input) };
  const items = await mapItems(scope, hash, definition.items ?? DEFAULT_MAP_ITEMS, input);
  if (!items.ok || definition.item_selector === undefined) return items;
  const selected: unknown[] = [];
  for (const [index, value] of items.value.entries()) {
    const one = await iterationInput(scope, hash, definition.item_selector, { index, value }, input);
    if (!one.ok) return one;
    selected.push(one.value);
  }
  return { ok: true, value: selected };
}

/** Starts the children in these slots (slot, walk value); a child started already is not started twice. */
async function startSlots(
  scope: FanOutScope,
  fanOut: FanOut,
  slots: ReadonlyArray<[slot: number, value: number]>,
  deps: StepDeps,
): Promise<void> {
  const definition = scope.task.fan_out!;
  const subFlows = subFlowDefinitions(scope.flow, scope.task.name, definition);
  const subFlowAt = (index: number) => {
    const flow = subFlows[subFlowIndex(definition, index)]!;
    return { flow, hash: definitionHash(flow) };
  };
  const childScope = scopeOfParent(scope.execution);
  await Promise.all(
    slots.map(([slot, value]) =>
      startSlotChild({ parent: scope.execution, fanOut, slot, value, subFlowAt, scope: childScope }, deps),
    ),
  );
}

/**
 * The children's outputs in order, read 100 at a time; a tolerated failed item's output is its
 * error. Over the state limit it fails with States.DataLimitExceeded at the page that crosses it.
 */
async function gather(fanOut: FanOut, deps: StepDeps): Promise<TaskRunResult> {
  const total = fanOut.counts.total;
  const pages: ChildOutput[][] = [];
  let bytes = 2 + Math.max(0, total - 1);
  for (let from = 0; from < total; from += GATHER_PAGE) {
    const indexes = Array.from({ length: Math.min(GATHER_PAGE, total - from) }, (_, i) => from + i);
    const children = await deps.store.loadChildren(fanOut.parentId, fanOut.seq, indexes);
    const page = indexes.map((index): ChildOutput => {
      const child = children.get(index);
      if (child?.status === 'SUCCEEDED') return { index, output: executionOutput(child) };
      return {
        index,
        output: failedItemOutput(errorName(childErrorCode(child?.reason ?? ErrorCode.Aborted)), child?.error),
      };
    });
    bytes += page.reduce((sum, child) => sum + Buffer.byteLength(JSON.stringify(child.output ?? null), 'utf8'), 0);
    if (bytes > LIMITS.maxStateBytes)
      return {
        status: 'failure',
        error_code: ErrorCode.DataLimitExceeded,
        error: `the children's outputs together are over ${LIMITS.maxStateBytes} bytes, the limit of a state's result`,
      };
    pages.push(page);
  }
  const gathered = gatherInOrder(total, pages, LIMITS.maxStateBytes);
  return gathered.ok
    ? { status: 'success', output: gathered.output }
    : { status: 'failure', error_code: gathered.error_code, error: gathered.error };
}

/**
 * The state's failure, as the join decided it from the fan-out item's counts. A failure decided by
 * one child is that child's error, read from its head (one read, on this path only): the fan-out
 * item keeps its error cut and without its message (src/storage/fan-out-items.ts).
 */
async function joinFailure(fanOut: FanOut, deps: StepDeps): Promise<TaskRunResult> {
  const decision = joinDecision(fanOut.counts, fanOut.mode, fanOut.firstFailure);
  if (decision.status !== 'failed')
    throw new Error(`fan-out ${fanOut.parentId} at step ${fanOut.seq} failed on counts that do not fail it`);
  const child =
    decision.index === undefined
      ? undefined
      : (await deps.store.loadChildren(fanOut.parentId, fanOut.seq, [decision.index])).get(decision.index);
  const code = childErrorCode(child?.reason ?? decision.error);
  const message = child?.error ?? decision.cause ?? decision.error;
  return { status: 'failure', ...(code !== undefined && { error_code: code }), error: message };
}

/**
 * Whether a fan-out with `timeout_seconds` has run past it, from when it parked. Checked by each
 * delivery of the parked step (the sweep hands a parked step on about once a minute), so a timeout
 * takes effect within about a minute of its time.
 */
function pastTimeout(scope: FanOutScope, deps: StepDeps): boolean {
  const seconds = scope.task.timeout_seconds;
  const since = scope.execution.cursor?.wait_started_at;
  if (seconds === undefined || since === undefined) return false;
  const scale = deps.timeScale ?? 1;
  return deps.clock.now().getTime() - Date.parse(since) > (seconds * 1000) / scale;
}

const stateInputOf = (execution: Execution): Evaluated<unknown> => ({ ok: true, value: stateInput(execution.state) });
