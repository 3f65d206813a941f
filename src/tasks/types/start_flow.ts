import { z } from 'zod';
import { defineTask } from '../task-type';

/**
 * Starts a saved flow's version as a child execution (docs/child-flows.md). The engine runs this
 * type itself (src/service/child-flow-step.ts): it needs the stores to start the child and, with
 * `wait`, parks the step until the child ends, holding no compute. `run` only answers where no
 * engine runs the step (a task run outside an execution).
 */
export default defineTask({
  type: 'start_flow',
  description:
    'Starts a saved flow as a child execution, exactly once: without `wait` the result is the child started; with `wait` the step waits (holding no compute) for the child to end and takes its output.',
  kind: 'start_flow',
  errorCodes: ['StateMachineDoesNotExist'],
  parameters: z
    .strictObject({
      /** A saved flow's id, or a state machine ARN naming one (`arn:aws:states:<region>:<account>:stateMachine:<flow id>[:<version>]`). */
      flow_id: z.string().trim().min(1, 'flow_id must name a saved flow'),
      version: z.int().min(1).optional(),
      /** The child's input; the version's default input when absent. */
      input: z.custom<unknown>((value) => value !== undefined).optional(),
      wait: z.boolean().default(false),
      /** With `wait`: `string` gives the child's Output as JSON text (Step Functions' `.sync`), `json` parsed (`.sync:2`). */
      output_format: z.enum(['json', 'string']).default('json'),
      /** Without `wait`: the child's execution name (default: derived from this step, so a re-run finds the same child). */
      name: z.string().trim().min(1).max(128).optional(),
    })
    .refine((p) => !p.wait || p.name === undefined, {
      error: 'a child flow waited for is named after the step that starts it: leave name out, or wait out',
      path: ['name'],
    }),
  async run() {
    return {
      status: 'failure',
      error: 'start_flow starts a child execution and runs only inside an execution of the engine',
    };
  },
});
