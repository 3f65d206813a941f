import { z } from 'zod';
import { executionNameSchema } from '../../domain/execution-name';
import { RawFlowSchema } from '../../domain/flow-schema';

/**
 * The shapes src/domain/flow-validation.ts accepts, written with the schema it validates the flow
 * itself with (RawFlowSchema): the envelope around it is read field by field there, so it is
 * described here in zod for the document, and only the envelope.
 */
const input = z.record(z.string(), z.unknown()).describe("the execution's input: a JSON object ($states.input of the start task)");

const WrappedFlowSchema = z.strictObject({ flow: RawFlowSchema, input: input.optional() });
const BareFlowSchema = RawFlowSchema.extend({ input: input.optional() });

/** POST /api/v1/flows/graph, /api/v1/flows/asl, /flow/create: a flow, wrapped or bare. */
export const FlowRequestSchema = z.union([WrappedFlowSchema, BareFlowSchema]).meta({ id: 'FlowRequest' });

/** PUT /api/v1/flows/{flow_id}: a flow without input; its `id` may be left out (the path names it). */
export const SavedFlowRequestSchema = z
  .union([z.strictObject({ flow: RawFlowSchema.partial({ id: true }) }), RawFlowSchema.partial({ id: true })])
  .meta({ id: 'SavedFlowRequest' });

/** POST /api/v1/flows/execute: a flow (wrapped, with an optional execution name) or a state machine. */
export const ExecuteRequestSchema = z
  .union([
    WrappedFlowSchema.extend({ name: executionNameSchema('name').optional().describe('names the execution: a second start with the same name and request returns the first') }),
    BareFlowSchema,
    z.strictObject({
      asl: z.record(z.string(), z.unknown()).describe('an Amazon States Language state machine (README: "Amazon States Language")'),
      input: input.optional(),
    }),
  ])
  .meta({ id: 'ExecuteRequest' });
