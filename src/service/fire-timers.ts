import { cursorMessage } from '../domain/execution/step-message';
import type { StepDeps } from './step-deps';

export interface TimerReport {
  polls: number;
  fired: number;
  errors: number;
}

export interface TimerOptions {
  /** Keep polling this long (0: one poll); stop before the invocation's own time runs out. */
  forMs: number;
  pollIntervalMs: number;
  pageSize?: number;
}

/**
 * Hands on every waiting step that is due: durable waits and retry backoffs. The due times live in
 * the executions' heads (the sparse by_due index), never in memory, so a wait outlives a crash or
 * restart of anything; this only notices, about once a second, that a time has come. Handing a
 * step on twice is harmless (the claim decides), so a step fired again by an overlapping poller,
 * or by the recovery sweep, is a no-op; a step fired in this run is not fired again for a while.
 */
export async function fireDueTimers(deps: StepDeps, options: TimerOptions): Promise<TimerReport> {
  const report: TimerReport = { polls: 0, fired: 0, errors: 0 };
  const started = deps.clock.now().getTime();
  const recentlyFired = new Map<string, number>();
  for (;;) {
    report.polls++;
    const now = deps.clock.now();
    for (let shard = 0; shard < deps.store.shards; shard++) {
      const ids = await deps.store
        .duePage(shard, now.toISOString(), options.pageSize ?? 100)
        .catch((error: unknown) => {
          report.errors++;
          deps.logger.error('could not read due timers', { shard, error: error as Error });
          return [] as string[];
        });
      await Promise.all(
        ids.map(async (executionId) => {
          if ((recentlyFired.get(executionId) ?? 0) > now.getTime()) return;
          try {
            const execution = await deps.store.loadExecution(executionId, { consistent: false });
            if (!execution?.cursor || execution.status !== 'RUNNING') return;
            await deps.dispatcher.dispatch(cursorMessage(executionId, execution.cursor, execution.definition_hash));
            recentlyFired.set(executionId, now.getTime() + 5000);
            report.fired++;
          } catch (error) {
            report.errors++;
            deps.logger.error('could not fire a due timer; the next poll tries again', {
              execution_id: executionId,
              error: error as Error,
            });
          }
        }),
      );
    }
    const elapsed = deps.clock.now().getTime() - started;
    if (elapsed + options.pollIntervalMs > options.forMs) return report;
    await new Promise((r) => setTimeout(r, options.pollIntervalMs));
  }
}
