import { stallDecision } from '../engine/stall-detection';
import type { StepDeps } from './step-deps';

export interface RecoveryReport {
  scanned: number;
  redispatched: number;
  finished: number;
  /** True when the sweep stopped at `maxExecutions`; the next run continues. */
  truncated: boolean;
}

/**
 * One recovery sweep: pages through RUNNING executions on the sparse active index (never a scan),
 * and re-dispatches or finishes the stalled ones. Safe to run twice at once: every action it
 * takes is either a step dispatch (duplicates are no-ops) or a conditional write.
 */
export async function recoverStalled(
  deps: StepDeps,
  options: { graceSeconds: number; maxExecutions?: number },
): Promise<RecoveryReport> {
  const maxExecutions = options.maxExecutions ?? 1000;
  const report: RecoveryReport = { scanned: 0, redispatched: 0, finished: 0, truncated: false };
  for await (const executionId of deps.store.activeExecutionIds()) {
    if (report.scanned >= maxExecutions) {
      report.truncated = true;
      break;
    }
    report.scanned++;
    const record = await deps.store.load(executionId);
    const decision = record && stallDecision(record, deps.clock.now().getTime(), options.graceSeconds * 1000);
    if (!decision) continue;
    const log = { execution_id: executionId, why: decision.why };
    if (decision.action === 'dispatch') {
      await deps.dispatcher.dispatch(decision.message);
      report.redispatched++;
      deps.logger.warn('re-dispatched a stalled step', { ...log, seq: decision.message.seq, task: decision.message.task });
    } else if (await deps.store.finishExecution(executionId, decision.transition, deps.clock.now().toISOString())) {
      report.finished++;
      deps.logger.warn('wrote the final status of a stalled execution', { ...log, status: decision.transition.status });
    }
  }
  return report;
}
