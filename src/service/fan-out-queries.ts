import { ValidationError } from '../domain/errors';
import type { ExecutionDetail } from '../domain/execution/execution';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import { decodeChildToken, encodeChildToken } from '../domain/paging/child-token';
import type { ExecutionStatus } from '../domain/statuses';
import { childExecutionId } from '../engine/fan-out/child-execution-id';
import { itemResult } from '../engine/fan-out/written-results';
import type { FanOut } from '../ports/fan-out-store';
import { type ChildEntry, type ChildrenPage, childStatus } from '../views/children-view';
import { requireExecution } from './execution-lifecycle';
import type { StepDeps } from './step-deps';

type QueryDeps = Pick<StepDeps, 'store' | 'fanOuts'>;

/** The execution's latest fan-outs (one Query, however many children they have): what `fan_out` shows. */
export const recentFanOuts = (executionId: string, deps: Pick<StepDeps, 'fanOuts'>): Promise<FanOut[]> =>
  deps.fanOuts.recentFanOuts(executionId, LIMITS.fanOutsShown);

/** What `fan_out` shows of an execution: nothing read for a flow without a map or parallel task. */
export const fanOutsOf = (detail: ExecutionDetail, deps: Pick<StepDeps, 'fanOuts'>): Promise<FanOut[]> =>
  detail.flow.tasks.some((task) => task.fan_out !== undefined)
    ? recentFanOuts(detail.execution.execution_id, deps)
    : Promise.resolve([]);

export interface ChildrenQuery {
  task?: string;
  status?: ExecutionStatus;
  /** The task's run by its step number; absent, its latest. */
  run?: number;
  /** Each ended child's output is shown: the page is then bounded by LIMITS.childOutputPageBytes too. */
  includeOutput?: boolean;
  limit: number;
  nextToken?: string;
}

const queryProblem = (field: string, message: string) =>
  new ValidationError('invalid query parameters', [{ path: `query.${field}`, message }]);
const taskProblem = (message: string) => queryProblem('task', message);

/** The fan-out task asked for; optional only when the flow has exactly one. */
function fanOutTask(flow: FlowDefinition, asked: string | undefined): string {
  const names = flow.tasks.filter((task) => task.fan_out !== undefined).map((task) => task.name);
  if (asked !== undefined) {
    if (!names.includes(asked)) throw taskProblem(`task '${asked}' is not a map or parallel task of this execution`);
    return asked;
  }
  if (names.length === 1) return names[0]!;
  throw taskProblem(
    names.length === 0
      ? 'this execution has no map or parallel task'
      : `task is required: this execution has ${names.length} map or parallel tasks (${names.join(', ')})`,
  );
}

/** The run of `task` at step `seq`: a run of another task, or none, is the query's mistake. */
async function runOf(executionId: string, task: string, seq: number, deps: QueryDeps): Promise<FanOut> {
  const fanOut = await deps.fanOuts.load({ parentId: executionId, seq });
  if (fanOut?.stateName !== task) throw queryProblem('run', `run ${seq} is not a run of task '${task}'`);
  return fanOut;
}

/**
 * One page of a fan-out's children, in index order (the task's latest run, or the `run` asked
 * for; a next_token stays on the run its first page showed). With `includeOutput`, the page also
 * stops before the child whose output would take its outputs past LIMITS.childOutputPageBytes.
 * Children are read by derived id, LIMITS.childReadBatch per read. With `status`, reads go on until `limit` children match or LIMITS.childFilterReads reads were
 * made: a page may then hold fewer than `limit` (even none) and still carry a next_token.
 */
export async function listChildren(executionId: string, q: ChildrenQuery, deps: QueryDeps): Promise<ChildrenPage> {
  const execution = await requireExecution(executionId, deps);
  const flow = await deps.store.loadDefinition(executionId, execution.definition_hash);
  const task = fanOutTask(flow, q.task);
  const from =
    q.nextToken === undefined
      ? undefined
      : decodeChildToken(q.nextToken, { executionId, task, ...(q.status && { status: q.status }) });
  const fanOut = from
    ? await deps.fanOuts.load({ parentId: executionId, seq: from.seq })
    : q.run !== undefined
      ? await runOf(executionId, task, q.run, deps)
      : (await recentFanOuts(executionId, deps)).find((f) => f.stateName === task);
  if (!fanOut) return { task, children: [] };
  const total = fanOut.counts.total;
  const batch = q.status === undefined ? q.limit : LIMITS.childReadBatch;
  const maxReads = q.status === undefined ? 1 : LIMITS.childFilterReads;
  const children: ChildEntry[] = [];
  let next = from?.nextIndex ?? 0;
  let outputBytes = 0;
  let full = false;
  for (let reads = 0; !full && next < total && children.length < q.limit && reads < maxReads; reads++) {
    const indexes = Array.from({ length: Math.min(batch, total - next) }, (_, k) => next + k);
    const heads = await deps.store.loadChildren(executionId, fanOut.seq, indexes);
    for (const index of indexes) {
      next = index + 1;
      const child: ChildEntry = {
        index,
        executionId: childExecutionId(executionId, fanOut.seq, index),
        execution: heads.get(index),
      };
      if (q.status !== undefined && childStatus(child) !== q.status) continue;
      if (q.includeOutput) {
        child.output = itemResult(child.execution) ?? null;
        outputBytes += Buffer.byteLength(JSON.stringify(child.output), 'utf8');
        if (children.length > 0 && outputBytes > LIMITS.childOutputPageBytes) {
          // This child starts the next page.
          next = index;
          full = true;
          break;
        }
      }
      children.push(child);
      if (children.length === q.limit) break;
    }
  }
  const more = next < total;
  return {
    task,
    seq: fanOut.seq,
    children,
    ...(more && {
      nextToken: encodeChildToken({ executionId, task, seq: fanOut.seq, nextIndex: next, status: q.status }),
    }),
  };
}
