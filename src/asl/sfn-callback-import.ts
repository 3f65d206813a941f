/*
 * Task states that answer a task token through the Step Functions API
 * (`arn:aws:states:::aws-sdk:sfn:sendTaskSuccess|sendTaskFailure|sendTaskHeartbeat`), as
 * `answer_callback` tasks that the engine answers itself (src/tasks/engine-sfn-calls.ts). Their
 * Parameters (JSONPath, `.$` keys computed by the step) or Arguments (JSONata) are renamed to the
 * task's parameters; any other argument is a problem at its place. Pure.
 */

import type { ErrorDetail } from '../domain/errors';
import { SFN_CALLBACK_ARGUMENTS, sfnCallbackAnswer } from '../tasks/engine-sfn-calls';
import type { QueryMode } from './lambda-import';
import { hasArgument, renamedArguments } from './argument-renaming';
import { hasExpression, plainLiterals } from './templates';

type AslObject = Record<string, unknown>;

export const isSfnCallbackResource = (resource: string): boolean => sfnCallbackAnswer(resource) !== undefined;

export function sfnCallbackTaskFields(
  state: AslObject,
  at: (...segments: Array<string | number>) => string,
  details: ErrorDetail[],
  mode: QueryMode,
): Record<string, unknown> {
  const outcome = sfnCallbackAnswer(state.Resource as string)!;
  const field = mode === 'JSONPath' ? 'Parameters' : 'Arguments';
  const written = state[field];
  const renamed: AslObject = { outcome };
  if (written === null || typeof written !== 'object' || Array.isArray(written)) {
    details.push({ path: at(field), message: 'must be an object naming TaskToken' });
    return { task_type: 'answer_callback', parameters: renamed };
  }
  Object.assign(
    renamed,
    renamedArguments(written as AslObject, SFN_CALLBACK_ARGUMENTS, {
      mode,
      call: String(state.Resource).replace(/^.*:::aws-sdk:/, ''),
      at: (key) => at(field, key),
      details,
    }),
  );
  if (!hasArgument(renamed, 'task_token'))
    details.push({ path: at(field), message: 'names no TaskToken: the token of the task to answer' });
  if (mode === 'JSONPath') return { task_type: 'answer_callback', jsonpath: { parameters: renamed } };
  const literal = plainLiterals(renamed);
  return hasExpression(literal)
    ? { task_type: 'answer_callback', arguments: renamed }
    : { task_type: 'answer_callback', parameters: literal };
}
