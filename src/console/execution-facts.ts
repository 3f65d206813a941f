/**
 * What the execution page works out from the API's answers: whether a redrive is offered, and
 * the attempt number of each step on the timeline. Pure, so unit-tested without a browser.
 */
import { ErrorCode } from '../domain/error-codes';
import type { ExecutionStatus } from './types';

/** The statuses the API resumes from (src/service/execution-control.ts). */
const REDRIVABLE: ReadonlySet<ExecutionStatus> = new Set(['FAILED', 'ABORTED', 'TIMED_OUT']);

/**
 * Whether the API would redrive it: an execution that ran out of max_steps is refused (it would
 * only run out again), so the console does not offer it.
 */
export const canRedrive = (x: { status: ExecutionStatus; error_code: string | null }): boolean =>
  REDRIVABLE.has(x.status) && x.error_code !== ErrorCode.MaxStepsExceeded;

/**
 * Each step's attempt at its task: 1, or one more than the step before it when that step was a
 * failed run of the same task (a retry, or the run a redrive resumed). A step record's own
 * `attempt` counts takeovers of one step (its invocation died), nearly always 1, so it is not what
 * a person means by the attempt of a retried task. `results` are consecutive steps, oldest first.
 */
export function taskAttempts(
  results: ReadonlyArray<{ task_name: string; status: 'success' | 'failure'; step: number }>,
): number[] {
  const attempts: number[] = [];
  results.forEach((r, i) => {
    const before = results[i - 1];
    const again = before?.step === r.step - 1 && before.task_name === r.task_name && before.status === 'failure';
    attempts.push(again ? attempts[i - 1]! + 1 : 1);
  });
  return attempts;
}
