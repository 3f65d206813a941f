/**
 * The chaos mix: sequential, a failure branch, a loop bounded by max_steps, a task that crashes
 * its invocation every time, retries then a catch, a durable wait, a callback, and a deterministic failure. Every outcome is deterministic, so each run's status and path must equal the reference.
 * Short task timeouts keep leases (timeout + margin) short, so crashed steps are retried quickly.
 */
// 10 s: far above what these tasks take, so that a loaded machine never turns a run into a timeout (a different path).
const t = (name: string, task_type: string, parameters: Record<string, unknown> = {}) => ({
  name,
  task_type,
  parameters,
  timeout_seconds: 10,
});
const cond = (source_task: string, target_task_success: string, target_task_failure: string) => ({
  name: `after_${source_task}`,
  source_task,
  outcome: 'success',
  target_task_success,
  target_task_failure,
});

export const CHAOS_FLOWS: Record<string, Record<string, unknown>> = {
  sequential: {
    id: 'chaos-sequential',
    name: 'sequential',
    start_task: 'fetch',
    tasks: [t('fetch', 'fetch_data'), t('process', 'process_data'), t('store', 'store_data'), t('done', 'noop')],
    conditions: [],
  },
  failure_branch: {
    id: 'chaos-branch',
    name: 'failure branch',
    start_task: 'try',
    tasks: [
      t('try', 'print', { message: 'x', failure_rate: 1 }),
      t('happy', 'noop'),
      t('recover', 'print', { message: 'recovered' }),
    ],
    conditions: [cond('try', 'happy', 'recover'), cond('happy', 'end', 'end'), cond('recover', 'end', 'end')],
  },
  bounded_loop: {
    id: 'chaos-loop',
    name: 'bounded loop',
    start_task: 'poll',
    max_steps: 5,
    tasks: [t('poll', 'print', { message: 'not yet', failure_rate: 1 }), t('ready', 'noop')],
    conditions: [cond('poll', 'ready', 'poll')],
  },
  // Its second task kills its invocation every time (FLOW_FAULTS.poison): after MAX_STEP_TAKEOVERS
  // takeovers the step fails with step_crashed and, with no failure route, so does the execution.
  poison: {
    id: 'chaos-poison',
    name: 'poison',
    start_task: 'a',
    tasks: [t('a', 'noop'), { ...t('poison_step', 'noop'), timeout_seconds: 1 }, t('c', 'noop')],
    conditions: [],
  },
  // Retries with backoff (held by the timers, not by an invocation), then a catcher.
  retry_then_catch: {
    id: 'chaos-retry',
    name: 'retry then catch',
    start_task: 'try',
    tasks: [
      {
        ...t('try', 'print', { message: 'x', failure_rate: 1 }),
        retry: [{ error_equals: ['States.ALL'], interval_seconds: 1, max_attempts: 2 }],
        catch: [{ error_equals: ['States.ALL'], next: 'caught' }],
      },
      t('never', 'noop'),
      t('caught', 'noop'),
    ],
    conditions: [cond('caught', 'end', 'end')],
  },
  // A durable wait between two steps.
  durable_wait: {
    id: 'chaos-wait',
    name: 'durable wait',
    start_task: 'before',
    tasks: [t('before', 'noop'), t('pause', 'wait', { seconds: 1 }), t('after', 'noop')],
    conditions: [],
  },
  // A task that hands its token out (its body runs once) and waits for a callback, which the chaos
  // run sends twice at once and once more after the end (scripts/chaos/callback-chaos.ts).
  callback_wait: {
    id: 'chaos-callback',
    name: 'callback wait',
    start_task: 'before',
    tasks: [
      t('before', 'noop'),
      {
        ...t('approve', 'print', { message: 'waiting for approval' }),
        wait_for_callback: true,
        callback_timeout_seconds: 900,
      },
      t('after', 'noop'),
    ],
    conditions: [],
  },
  deterministic_failure: {
    id: 'chaos-fails',
    name: 'deterministic failure',
    start_task: 'a',
    tasks: [t('a', 'noop'), t('b', 'print', { message: 'x', failure_rate: 1 }), t('c', 'noop')],
    conditions: [],
  },
};

export type ChaosFlowKind = keyof typeof CHAOS_FLOWS;

/** Flows whose expected outcome is not their fault-free run: the fault layer poisons them on purpose. */
export const POISONED_OUTCOMES: Record<string, { status: string; path: string[]; error_code: string }> = {
  poison: { status: 'FAILED', path: ['a', 'poison_step'], error_code: 'step_crashed' },
};
