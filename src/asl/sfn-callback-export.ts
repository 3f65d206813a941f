/*
 * The export's state for an `answer_callback` task (src/tasks/types/answer_callback.ts): the Step
 * Functions API call it stands for, `arn:aws:states:::aws-sdk:sfn:sendTaskSuccess`,
 * `…:sendTaskFailure` or `…:sendTaskHeartbeat`, its parameters renamed to the call's arguments.
 * The reverse of sfn-callback-import.ts. Pure.
 */

import type { ErrorDetail } from '../domain/errors';
import type { TaskDefinition } from '../domain/flow/flow-definition';
import { expressionText, isExpression } from '../expressions/template-syntax';
import { type CallbackAnswer, SFN_CALLBACK_ARGUMENTS, sfnCallbackResource } from '../tasks/engine-sfn-calls';
import type { AslState } from './asl-definition';
import { type CommonFields, oneOf, runTiming, WrittenFields } from './integration-fields';
import { aslTemplate, hasExpression, plainLiterals } from './templates';

/** Each argument of the call by the task's parameter it is written from. */
const ARGUMENT_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SFN_CALLBACK_ARGUMENTS).map(([argument, parameter]) => [parameter, argument]),
);

/**
 * The call its `outcome` names (which must be written out: it chooses the Resource), with
 * `task_token` → TaskToken, `output_text` → Output, `error` → Error, `cause` → Cause. An `output`
 * (a JSON value) is the Output as JSON text (sfnOutput).
 */
export function sfnCallbackState(
  task: TaskDefinition,
  written: WrittenFields,
  _warnings: ErrorDetail[],
  common: CommonFields,
): AslState {
  const outcome = written.fixed<CallbackAnswer, undefined>(
    'outcome',
    undefined,
    oneOf('success', 'failure', 'heartbeat'),
    'success, failure or heartbeat',
  );
  if (outcome === undefined) throw written.refusal(['outcome'], 'names no answer: success, failure or heartbeat');
  const output = written.template('output');
  const args: Record<string, unknown> = {};
  for (const [parameter, argument] of Object.entries(ARGUMENT_OF)) {
    const value = written.template(parameter);
    if (value !== undefined) args[argument] = aslTemplate(value);
  }
  if (output !== undefined) args.Output = sfnOutput(output, written);
  return {
    Type: 'Task',
    Resource: sfnCallbackResource(outcome),
    Arguments: args,
    ...runTiming(task),
    ...common,
  };
}

/**
 * SendTaskSuccess's Output is JSON text; `output` is the JSON value it stands for. A literal is
 * written as its JSON text. A computed one as an expression giving its value's JSON text: JSONata's
 * `$string` gives that for every value but a string, which it leaves as it is (a string's JSON
 * text is its `$string` in an array, the brackets taken off: an array would be flattened there).
 * A literal holding expressions has no single expression to be written as here: refused, naming it.
 */
function sfnOutput(output: unknown, written: WrittenFields): string {
  const literal = plainLiterals(output);
  if (!hasExpression(literal)) return aslTemplate(JSON.stringify(literal)) as string;
  if (!isExpression(literal))
    throw written.refusal(
      ['output'],
      "is sent as JSON text, which the export computes from one expression: write output as one expression '{% … %}' (an object constructor for an object), or give output_text",
    );
  const text = '$string([$output])';
  return `{% ($output := (${expressionText(literal).trim()}); $type($output) = "string" ? $substring(${text}, 1, $length(${text}) - 2) : $string($output)) %}`;
}
