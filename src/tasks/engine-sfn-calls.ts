/**
 * The Step Functions API calls a state machine makes that this engine answers itself rather than
 * sending to AWS (docs/callbacks.md): `arn:aws:states:::aws-sdk:sfn:sendTaskSuccess`,
 * `…:sendTaskFailure` and `…:sendTaskHeartbeat` answer a task token, and every token a state
 * machine here holds is this engine's. They run as `answer_callback` tasks.
 */

const SFN_CALLBACK = /^arn:aws[a-z-]*:states:::aws-sdk:sfn:(sendTaskSuccess|sendTaskFailure|sendTaskHeartbeat)$/;

const OUTCOME_OF_ACTION = {
  sendTaskSuccess: 'success',
  sendTaskFailure: 'failure',
  sendTaskHeartbeat: 'heartbeat',
} as const;

export type CallbackAnswer = (typeof OUTCOME_OF_ACTION)[keyof typeof OUTCOME_OF_ACTION];

/** The answer a Resource sends, when it is one of these calls. */
export function sfnCallbackAnswer(resource: string): CallbackAnswer | undefined {
  const match = SFN_CALLBACK.exec(resource);
  return match ? OUTCOME_OF_ACTION[match[1] as keyof typeof OUTCOME_OF_ACTION] : undefined;
}

/** The Resource that sends an answer (the reverse of sfnCallbackAnswer). */
export function sfnCallbackResource(answer: CallbackAnswer): string {
  const action = Object.keys(OUTCOME_OF_ACTION).find(
    (key) => OUTCOME_OF_ACTION[key as keyof typeof OUTCOME_OF_ACTION] === answer,
  )!;
  return `arn:aws:states:::aws-sdk:sfn:${action}`;
}

/** Their arguments, by `answer_callback`'s parameter names (Output is JSON text, as the API has it). */
export const SFN_CALLBACK_ARGUMENTS: Readonly<Record<string, string>> = Object.freeze({
  TaskToken: 'task_token',
  Output: 'output_text',
  Error: 'error',
  Cause: 'cause',
});
