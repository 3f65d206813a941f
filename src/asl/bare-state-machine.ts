import type { ErrorDetail } from '../domain/errors';
import { isPlainObject } from '../domain/flow/flow-schema';

/** The fields that say a body is a Step Functions state machine rather than one of our flows. */
const STATE_MACHINE_FIELDS = ['StartAt', 'States'] as const;

/**
 * A state machine sent as the whole body (as `flow export` prints it) instead of inside
 * `{ "asl": … }`: one problem per state machine field found, each saying how to send it, rather
 * than a list of our flow's fields that are missing and theirs that are unknown. A body with
 * `flow`, `asl` or `tasks` is read as it says it is.
 */
export function bareStateMachineProblems(body: unknown): ErrorDetail[] {
  if (!isPlainObject(body) || ['flow', 'asl', 'tasks'].some((field) => Object.hasOwn(body, field))) return [];
  return STATE_MACHINE_FIELDS.filter((field) => Object.hasOwn(body, field)).map((field) => ({
    path: field,
    message: `'${field}' is a field of a Step Functions state machine: send a state machine wrapped, as { "asl": <the state machine>, "input": {…} }`,
  }));
}

/** A state machine as `flow export` prints it: what the command-line client wraps as `{ asl }` for a file. */
export const isBareStateMachine = (body: unknown): body is Record<string, unknown> =>
  bareStateMachineProblems(body).length > 0;
