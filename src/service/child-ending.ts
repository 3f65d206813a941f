import type { Transition } from '../domain/execution/transition';
import type { Execution } from '../domain/execution/execution';
import type { ChildEnd } from '../engine/fan-out/fan-out-counts';

/** How a child ended, and the error it ended with (its code, and its message as the cause). */
export interface ChildEnding {
  end: ChildEnd;
  error?: string;
  cause?: string;
}

type EndStatus = ChildEnd;

/** Whether an execution has ended in a way its fan-out counts (a cancelled one never ran as a child). */
export const isEnded = (child: Execution): child is Execution & { status: EndStatus } =>
  child.status === 'SUCCEEDED' ||
  child.status === 'FAILED' ||
  child.status === 'TIMED_OUT' ||
  child.status === 'ABORTED';

/** A child's end as its head tells it: its status, and its error code and message. */
export const endingOf = (child: Execution & { status: EndStatus }): ChildEnding => ({
  end: child.status,
  ...(child.reason !== undefined && { error: child.reason }),
  ...(child.error !== undefined && { cause: child.error }),
});

/**
 * How a child's own last step ended it, as its fan-out counts it: the error code it failed with
 * (`reason`, what the execution view shows as `error_code`) and its message as the cause.
 */
export function childEnding(finish: Extract<Transition, { type: 'finish' }>): ChildEnding {
  if (finish.status === 'SUCCEEDED') return { end: 'SUCCEEDED' };
  return {
    end: 'FAILED',
    ...(finish.reason !== undefined && { error: finish.reason }),
    ...(finish.error !== undefined && { cause: finish.error }),
  };
}
