import { stallDecision } from '../engine/stall-detection';
import { timeOutExecution } from './execution-control';
import type { SweepPosition } from '../ports/execution-store';
import type { StepDeps } from './step-deps';

export interface RecoveryReport {
  scanned: number;
  redispatched: number;
  /** Executions whose check or re-dispatch threw: logged, and looked at again by a later sweep. */
  errors: number;
  /** True when this sweep went once round every shard; false when its time ran out first. */
  completedRound: boolean;
  /** Where the next sweep starts. */
  position: SweepPosition;
}

export interface SweepOptions {
  graceSeconds: number;
  /** The sweep stops starting new pages once this much time has passed (it must end before its Lambda does). */
  timeBudgetMs: number;
  pageSize?: number;
  /** Executions checked at once within a page. */
  concurrency?: number;
}

/**
 * One recovery sweep over RUNNING executions, from the sparse active index (never a scan). It
 * goes on where the previous sweep stopped (its position is stored when it stops), goes round
 * every shard, and stops within its time budget. Each execution is checked on its own: one that
 * fails to recover is logged and retried by a later sweep, never stops the rest. Safe to run twice
 * at once: every action is a step dispatch, and duplicate dispatches are no-ops.
 */
export async function recoverStalled(deps: StepDeps, options: SweepOptions): Promise<RecoveryReport> {
  const startedMs = deps.clock.now().getTime();
  const pageSize = options.pageSize ?? 100;
  const startedAt = await deps.store.loadSweepPosition();
  const report: RecoveryReport = { scanned: 0, redispatched: 0, errors: 0, completedRound: false, position: startedAt };
  let shardsFinished = 0;
  // At least one page per sweep, however small the budget, so every sweep makes progress.
  do {
    const page = await deps.store.activePage(report.position, pageSize);
    await inParallel(page.executionIds, options.concurrency ?? 8, async (executionId) => {
      report.scanned++;
      try {
        if (await recoverOne(executionId, deps, options.graceSeconds * 1000)) report.redispatched++;
      } catch (error) {
        report.errors++;
        deps.logger.error('could not recover an execution; a later sweep tries again', {
          execution_id: executionId,
          error: error as Error,
        });
      }
    });
    if (page.after) {
      report.position = { shard: report.position.shard, after: page.after };
    } else {
      report.position = { shard: (report.position.shard + 1) % deps.store.shards };
      shardsFinished++;
    }
  } while (shardsFinished < deps.store.shards && deps.clock.now().getTime() - startedMs < options.timeBudgetMs);
  report.completedRound = shardsFinished >= deps.store.shards;
  // Written once, and only when it moved: a sweep over nothing writes nothing.
  if (JSON.stringify(report.position) !== JSON.stringify(startedAt))
    await deps.store.saveSweepPosition(report.position);
  return report;
}

async function recoverOne(executionId: string, deps: StepDeps, graceMs: number): Promise<boolean> {
  // An eventually consistent read is enough: acting on a slightly old head only re-dispatches a step, which is harmless.
  const execution = await deps.store.loadExecution(executionId, { consistent: false });
  const decision = execution && stallDecision(execution, deps.clock.now().getTime(), graceMs);
  if (!decision) return false;
  if (decision.action === 'time_out') {
    await timeOutExecution(execution, deps);
    return true;
  }
  await deps.dispatcher.dispatch(decision.message);
  const log =
    decision.why === 'fan_out_check' ? deps.logger.info.bind(deps.logger) : deps.logger.warn.bind(deps.logger);
  log(decision.why === 'fan_out_check' ? 'handed on a fan-out to check its children' : 're-dispatched a stalled step', {
    execution_id: executionId,
    why: decision.why,
    seq: decision.message.seq,
    task: decision.message.task,
  });
  return true;
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
