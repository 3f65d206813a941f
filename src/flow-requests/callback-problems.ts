import type { ErrorDetail } from '../domain/errors';
import { isFanOutKind } from '../domain/flow/fan-out-schema';
import type { RawTask } from '../domain/flow/flow-schema';

/**
 * The rules of a task's callback fields (docs/callbacks.md): `heartbeat_seconds` and
 * `callback_timeout_seconds` only on a task that waits for a callback (`wait_for_callback`, or a
 * `callback` task), a heartbeat shorter than the timeout (as Step Functions requires), and no
 * callback on a map, a parallel or a wait. Runs on the readable fields, as fan-out-problems.ts does.
 */
export function callbackFieldProblems(
  task: Partial<RawTask>,
  at: (...segments: Array<string | number>) => string,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const waits = task.wait_for_callback === true || task.task_type === 'callback';
  if (task.wait_for_callback === true && task.task_type === 'wait')
    problems.push({
      path: at('wait_for_callback'),
      message: 'a wait task cannot wait for a callback (use a callback task after it)',
    });
  if (task.wait_for_callback === true && isFanOutKind(task.task_type))
    problems.push({ path: at('wait_for_callback'), message: `a ${task.task_type} task cannot wait for a callback` });
  // A child waited for and a callback are two ends to wait for: Step Functions has no `.sync.waitForTaskToken` either.
  if (task.wait_for_callback === true && task.task_type === 'start_flow' && waitsForChild(task))
    problems.push({
      path: at('wait_for_callback'),
      message:
        'a start_flow task waits either for its child (wait: true) or for a callback (wait_for_callback: true), not both',
    });
  for (const field of ['heartbeat_seconds', 'callback_timeout_seconds'] as const)
    if (task[field] !== undefined && !waits)
      problems.push({
        path: at(field),
        message: `${field} is only for a task that waits for a callback (wait_for_callback: true, or task_type 'callback')`,
      });
  const { heartbeat_seconds: heartbeat, callback_timeout_seconds: timeout } = task;
  if (waits && heartbeat !== undefined && timeout !== undefined && heartbeat >= timeout)
    problems.push({
      path: at('heartbeat_seconds'),
      message: `heartbeat_seconds (${heartbeat}) must be less than callback_timeout_seconds (${timeout})`,
    });
  return problems;
}

const waitsForChild = (task: Partial<RawTask>): boolean =>
  [task.parameters, task.arguments].some(
    (given) => given !== null && typeof given === 'object' && (given as { wait?: unknown }).wait === true,
  );
