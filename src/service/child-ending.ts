import type { Transition } from '../domain/execution/transition';
import type { ChildEnding } from './child-end';

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
