/*
 * The export's state for a `mock_only` task (src/tasks/types/mock_only.ts): the call it keeps,
 * as the state machine it was imported from made it. The reverse of mock-only-import.ts. Pure.
 */

import type { ErrorDetail } from '../domain/errors';
import type { TaskDefinition } from '../domain/flow/flow-definition';
import { formatPath } from '../domain/problems/issue-paths';
import { mockOnlyWaitsForCallback } from '../tasks/mock-only-resources';
import type { AslState } from './asl-definition';
import { CALLBACK, callbackTiming, type CommonFields, isString, runTiming, WrittenFields } from './integration-fields';
import { aslTemplate } from './templates';

/**
 * `resource` as the Resource (a `.waitForTaskToken` one has its suffix already), the call's
 * `parameters` as Arguments, expressions kept. On Step Functions the call is made: the mock this
 * engine runs it on is the local stack's alone. Where the task's `wait_for_callback` and its
 * Resource disagree, the Resource decides, with a warning.
 */
export function mockOnlyState(
  task: TaskDefinition,
  written: WrittenFields,
  warnings: ErrorDetail[],
  common: CommonFields,
): AslState {
  const resource = written.fixed('resource', undefined, isString, 'the Resource ARN of the call');
  if (resource === undefined) throw written.refusal(['resource'], 'names no Resource');
  const callback = mockOnlyWaitsForCallback(resource);
  if (callback !== (task.wait_for_callback === true))
    warnings.push({
      path: formatPath([...written.at, 'wait_for_callback']),
      message: callback
        ? `task '${task.name}' does not wait for a callback here, but its Resource ${resource} does: the exported state waits`
        : `task '${task.name}' waits for a callback here, but its Resource ${resource} has no ${CALLBACK}: the exported state does not wait`,
    });
  const parameters = written.template('parameters');
  return {
    Type: 'Task',
    Resource: resource,
    ...(parameters !== undefined && { Arguments: aslTemplate(parameters) }),
    ...(callback ? callbackTiming(task) : runTiming(task)),
    ...common,
  };
}
