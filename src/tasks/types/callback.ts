import { z } from 'zod';
import { defineTask } from '../task-type';

export default defineTask({
  type: 'callback',
  description:
    "Waits, holding no compute, for a callback with the step's task token ($states.context.Task.Token): its output is the task's result. See docs/callbacks.md.",
  // The engine runs a callback task itself (src/service/callback-step.ts): it only waits.
  kind: 'callback',
  // Whoever sends the callback names the error (SendTaskFailure's `error`).
  errorCodes: 'any',
  parameters: z.strictObject({}),
  run() {
    return Promise.resolve({ status: 'failure', error: 'a callback task is run by the engine, never on its own' });
  },
});
