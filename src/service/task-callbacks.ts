import { randomUUID } from 'node:crypto';
import { TaskCallbackError } from '../domain/errors';
import { type CallbackOutcome, callbackDue } from '../domain/execution/callback-wait';
import type { Execution } from '../domain/execution/execution';
import { cursorMessage } from '../domain/execution/step-message';
import { parseTaskToken, type TaskTokenParts } from '../domain/execution/task-token';
import { LIMITS } from '../domain/limits';
import type { StepDeps } from './step-deps';

/**
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat (docs/callbacks.md). The token names
 * its execution and step, so a callback reads nothing to find them: a success or a failure is one
 * conditional write of the head (it counts only while the step waits with exactly this token,
 * untaken, within its heartbeat, timeout and deadline), then an invoke of the step, which
 * completes with the outcome; the write also makes the step due, so the timers hand it on if
 * that invoke is lost. A heartbeat reads the head once and writes it once. A duplicate or late
 * callback meets the condition and changes nothing.
 */
export async function sendTaskSuccess(
  token: string,
  output: unknown,
  deps: StepDeps,
  request: string = randomUUID(),
): Promise<void> {
  const bytes = outputBytes(output);
  if (bytes > LIMITS.maxTaskOutputBytes)
    throw new TaskCallbackError(
      'InvalidOutput',
      `output is ${bytes} bytes; a task's output may be at most ${LIMITS.maxTaskOutputBytes}`,
      'output',
    );
  await complete(token, { status: 'success', output }, deps, request);
}

export async function sendTaskFailure(
  token: string,
  failure: { error?: string; cause?: string },
  deps: StepDeps,
  request: string = randomUUID(),
): Promise<void> {
  await complete(
    token,
    {
      status: 'failure',
      ...(failure.error !== undefined && { error: failure.error }),
      ...(failure.cause !== undefined && { cause: failure.cause }),
    },
    deps,
    request,
  );
}

export async function sendTaskHeartbeat(token: string, deps: StepDeps): Promise<void> {
  const parts = tokenParts(token);
  const at = deps.clock.now();
  const head = await deps.store.loadExecution(parts.executionId);
  const wait = head?.cursor?.seq === parts.seq ? head.cursor.callback : undefined;
  if (!head || wait?.token !== token || wait.outcome || wait.due_at <= at.toISOString())
    throw refusal(head, parts, token, at.toISOString());
  const dueAt = callbackDue(at.getTime(), wait.timeout_at, wait.heartbeat_seconds);
  const cursorDueAt = head.deadline_at !== undefined && head.deadline_at < dueAt ? head.deadline_at : dueAt;
  const written = await deps.store.heartbeatCallback({
    executionId: parts.executionId,
    seq: parts.seq,
    token,
    at: at.toISOString(),
    dueAt,
    cursorDueAt,
  });
  if (!written.ok) throw refusal(written.execution, parts, token, at.toISOString());
}

/** `request` names this answer: the same answer sent again (its first reply lost) is taken as done. */
async function complete(token: string, outcome: CallbackOutcome, deps: StepDeps, request: string): Promise<void> {
  const parts = tokenParts(token);
  const at = deps.clock.now().toISOString();
  const written = await deps.store.completeCallback({
    executionId: parts.executionId,
    seq: parts.seq,
    token,
    at,
    outcome: { ...outcome, request },
  });
  // Refused by our own write (the SDK sent it again after its answer was lost): it was taken.
  const ours = !written.ok && written.execution?.cursor?.callback?.outcome?.request === request;
  if (!written.ok && !ours) throw refusal(written.execution, parts, token, at);
  const execution = written.execution!;
  deps.logger.info('callback taken', { execution_id: execution.execution_id, seq: parts.seq, status: outcome.status });
  try {
    await deps.dispatcher.dispatch(cursorMessage(execution.execution_id, execution.cursor!, execution.definition_hash));
  } catch (error) {
    // The step is due already: the timers hand it on.
    deps.logger.warn('could not hand the step on after its callback; the timers will', {
      execution_id: execution.execution_id,
      error: error as Error,
    });
  }
}

function tokenParts(token: string): TaskTokenParts {
  const parts = parseTaskToken(token);
  if (!parts)
    throw new TaskCallbackError('InvalidToken', 'task_token is not a task token this service issued', 'task_token');
  return parts;
}

/**
 * Why a callback was not taken, told from the head as it is: no such execution, or a token its
 * step never issued (TaskDoesNotExist); a task that no longer waits for it (TaskTimedOut, as Step
 * Functions answers for a task that completed, timed out, or whose execution ended).
 */
function refusal(head: Execution | undefined, parts: TaskTokenParts, token: string, at: string): TaskCallbackError {
  if (!head) return new TaskCallbackError('TaskDoesNotExist', `no execution ${parts.executionId} exists`, 'task_token');
  const closed = (why: string) =>
    new TaskCallbackError('TaskTimedOut', `the task no longer waits for a callback: ${why}`);
  if (head.status !== 'RUNNING') return closed(`its execution is ${head.status}`);
  const cursor = head.cursor;
  const wait = cursor?.callback;
  if (!cursor || parts.seq < cursor.seq) return closed('its step has completed');
  if (parts.seq > cursor.seq || !wait || (wait.token !== token && parts.attempt >= wait.attempt))
    return new TaskCallbackError('TaskDoesNotExist', 'no task waits for this token', 'task_token');
  if (wait.token !== token) return closed('the step was run again with a new token');
  if (wait.outcome) return closed('a callback for it was taken already');
  if (wait.due_at <= at)
    return closed(wait.heartbeat_seconds !== undefined ? 'its heartbeat or timeout passed' : 'it timed out');
  return closed('its execution ran out of time');
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JSON.stringify returns undefined for undefined
const outputBytes = (output: unknown): number => Buffer.byteLength(JSON.stringify(output) ?? '', 'utf8');
