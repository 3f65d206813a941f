import { z } from 'zod';
import { defineTask } from '../task-type';

export default defineTask({
  type: 'noop',
  description: 'Does nothing and succeeds; the cheapest possible step (benchmarks use it).',
  parameters: z.strictObject({}),
  async run() {
    return { status: 'success' };
  },
});
