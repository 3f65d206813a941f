import { z } from 'zod';
import { TaskCallbackError } from '../../domain/errors';
import { defineTask } from '../task-type';

/**
 * Answers another task's callback wait from inside a flow, as a state machine's
 * `arn:aws:states:::aws-sdk:sfn:sendTaskSuccess|sendTaskFailure|sendTaskHeartbeat` does (a child
 * started with `.waitForTaskToken` handing its parent the outcome): on this engine, the engine's
 * own callbacks (docs/callbacks.md), never AWS Step Functions. Refusals fail the task with the
 * names Step Functions' aws-sdk integration gives them (`Sfn.TaskTimedOutException`, …).
 */

const OUTCOMES = ['success', 'failure', 'heartbeat'] as const;
const REFUSALS = ['TaskDoesNotExist', 'InvalidToken', 'TaskTimedOut', 'InvalidOutput'] as const;
const errorName = (code: string) => `Sfn.${code}Exception`;

export default defineTask({
  type: 'answer_callback',
  description:
    "Answers a task that waits for a callback (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat on this engine): `task_token`, `outcome` (success, failure or heartbeat), and `output` (a JSON value) or `output_text` (JSON text, as Step Functions' `Output`) on a success, `error` and `cause` on a failure. See docs/callbacks.md.",
  errorCodes: REFUSALS.map(errorName),
  parameters: z
    .strictObject({
      task_token: z.string({ error: 'task_token must be the token of the task to answer' }).min(1),
      outcome: z.enum(OUTCOMES, { error: 'outcome must be success, failure or heartbeat' }),
      output: z.custom<unknown>((value) => value !== undefined).optional(),
      output_text: z.string().optional(),
      error: z.string().max(256).optional(),
      cause: z.string().max(32_768).optional(),
    })
    .superRefine((p, ctx) => {
      const only = (field: 'output' | 'output_text' | 'error' | 'cause', outcome: string) => {
        if (p[field] !== undefined && p.outcome !== outcome)
          ctx.addIssue({ code: 'custom', path: [field], message: `${field} is only for outcome '${outcome}'` });
      };
      only('output', 'success');
      only('output_text', 'success');
      only('error', 'failure');
      only('cause', 'failure');
      if (p.output !== undefined && p.output_text !== undefined)
        ctx.addIssue({ code: 'custom', path: ['output_text'], message: 'give output or output_text, not both' });
    }),
  async run({ parameters: p, callbacks, idempotencyKey, attempt }) {
    if (!callbacks) return { status: 'failure', error: 'answer_callback runs only inside an execution of the engine' };
    try {
      if (p.outcome === 'heartbeat') await callbacks.heartbeat(p.task_token);
      else if (p.outcome === 'failure')
        await callbacks.failure(p.task_token, { error: p.error, cause: p.cause }, idempotencyKey);
      else await callbacks.success(p.task_token, outputOf(p), idempotencyKey);
    } catch (error) {
      if (!(error instanceof TaskCallbackError)) throw error;
      // Run again after its invocation died: the answer it sent then was taken, and the waiting
      // task has since moved on (an answer of this step's, still waiting, is told apart by its request).
      if (attempt > 1 && error.code === 'TaskTimedOut') return { status: 'success', output: {} };
      return { status: 'failure', error_code: errorName(error.code), error: error.message };
    }
    // SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat answer nothing.
    return { status: 'success', output: {}, message: `callback ${p.outcome} sent` };
  },
});

/** The output of a success: JSON text is parsed, as Step Functions reads SendTaskSuccess's Output. */
function outputOf(p: { output?: unknown; output_text?: string }): unknown {
  if (p.output_text === undefined) return p.output ?? {};
  try {
    return JSON.parse(p.output_text) as unknown;
  } catch {
    throw new TaskCallbackError('InvalidOutput', 'output_text is not JSON text', 'output_text');
  }
}
