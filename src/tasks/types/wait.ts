import { z } from 'zod';
import { LIMITS } from '../../domain/limits';
import { defineTask } from '../task-type';
import { simulateWork, simulationParameters } from '../simulation';

/** A template string: the value is computed from the execution's data when the wait starts. */
const expression = z.string().regex(/^\{%[\s\S]*%\}$/, "must be a number, or an expression '{% ... %}'");

export default defineTask({
  type: 'wait',
  description: `Waits for \`seconds\` or until \`timestamp\` (ISO 8601), either possibly an expression, up to ${LIMITS.maxDurableWaitSeconds / 86_400} days, holding no compute.`,
  // The engine runs a wait itself (src/service/durable-wait.ts): it puts the step off until it is
  // due, and a timer hands it on then. `run` is what a due wait does.
  kind: 'wait',
  parameters: z
    .strictObject({
      seconds: z.union([z.number().min(0).max(LIMITS.maxDurableWaitSeconds), expression]).optional(),
      timestamp: z.union([z.iso.datetime({ offset: true }), expression]).optional(),
      failure_rate: simulationParameters.failure_rate,
    })
    .refine((p) => p.seconds === undefined || p.timestamp === undefined, {
      error: 'give seconds or timestamp, not both',
      path: ['timestamp'],
    })
    .transform((p) => (p.seconds === undefined && p.timestamp === undefined ? { ...p, seconds: 1 } : p)),
  async run({ parameters, signal }) {
    const { failed } = await simulateWork({ failure_rate: parameters.failure_rate, delay_ms: 0 }, signal);
    if (failed) return { status: 'failure', error: 'Simulated wait failure', message: 'Wait failed' };
    return { status: 'success', message: 'Waited', output: {} };
  },
});
