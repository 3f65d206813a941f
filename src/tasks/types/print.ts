import { z } from 'zod';
import { defineTask } from '../task-type';
import { simulateWork, simulationParameters } from '../simulation';

export default defineTask({
  type: 'print',
  description: 'Logs `message` and returns it as output.',
  parameters: z.strictObject({
    message: z.string().max(4096).default(''),
    failure_rate: simulationParameters.failure_rate,
  }),
  async run({ parameters, logger, signal }) {
    const { failed } = await simulateWork({ failure_rate: parameters.failure_rate, delay_ms: 0 }, signal);
    if (failed) return { status: 'failure', error: 'Simulated print failure', message: 'Print failed' };
    logger.info('print', { text: parameters.message });
    return { status: 'success', message: parameters.message, output: { message: parameters.message } };
  },
});
