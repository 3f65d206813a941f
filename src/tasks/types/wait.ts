import { z } from 'zod';
import { LIMITS } from '../../domain/limits';
import { defineTask } from '../task-type';
import { simulateWork, simulationParameters } from '../simulation';

export default defineTask({
  type: 'wait',
  description: `Sleeps for \`seconds\` (at most ${LIMITS.maxWaitTaskSeconds}).`,
  parameters: z.strictObject({
    seconds: z.number().min(0).max(LIMITS.maxWaitTaskSeconds).default(1),
    failure_rate: simulationParameters.failure_rate,
  }),
  async run({ parameters, signal }) {
    const { failed } = await simulateWork({ failure_rate: parameters.failure_rate, delay_ms: Math.round(parameters.seconds * 1000) }, signal);
    if (failed) return { status: 'failure', error: 'Simulated wait failure', message: 'Wait failed' };
    return { status: 'success', message: `Waited ${parameters.seconds} second(s)`, output: { waited_seconds: parameters.seconds } };
  },
});
