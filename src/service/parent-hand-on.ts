import type { StepMessage } from '../domain/execution/step-message';
import { LIMITS } from '../domain/limits';
import type { FanOut } from '../ports/fan-out-store';

/**
 * The message that hands a parent's fan-out step on once its join is decided: the child that
 * joined sends it (and a later report or recovery again, harmlessly: only one claim of the step
 * succeeds). The step only reads the joined fan-out, so the default timeout sizes its lease.
 */
export const parentMessage = (
  fanOut: Pick<FanOut, 'parentId' | 'seq' | 'resumedBy' | 'stateName'>,
  parentDefinitionHash?: string,
): StepMessage => ({
  execution_id: fanOut.parentId,
  // After a redrive, the parent waits at the step that resumed the fan-out, not the one that opened it.
  seq: fanOut.resumedBy ?? fanOut.seq,
  task: fanOut.stateName,
  timeout_seconds: LIMITS.defaultTaskTimeoutSeconds,
  ...(parentDefinitionHash !== undefined && { definition_hash: parentDefinitionHash }),
});
