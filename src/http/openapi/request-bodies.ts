import { z } from 'zod';
import { executionNameSchema } from '../../domain/execution/execution-name';
import { RawFlowSchema } from '../../domain/flow/flow-schema';

/**
 * The shapes src/flow-requests/flow-validation.ts accepts, written with the schema it validates the flow
 * itself with (RawFlowSchema): the envelope around it is read field by field there, so it is
 * described here in zod for the document, and only the envelope.
 */
const input = z
  .record(z.string(), z.unknown())
  .describe("the execution's input: a JSON object ($states.input of the start task)");

const WrappedFlowSchema = z.strictObject({ flow: RawFlowSchema, input: input.optional() });
const BareFlowSchema = RawFlowSchema.extend({ input: input.optional() });

/** POST /api/v1/flows/asl, /flow/create: a flow, wrapped or bare. */
export const FlowRequestSchema = z.union([WrappedFlowSchema, BareFlowSchema]).meta({ id: 'FlowRequest' });

/** A Step Functions state machine, as execute, graph and save take it. */
const StateMachineRequestSchema = z.strictObject({
  asl: z
    .record(z.string(), z.unknown())
    .describe('an Amazon States Language state machine, JSONPath or JSONata mode (docs/state-machines.md)'),
  input: z.unknown().optional().describe("the execution's input: any JSON value, as Step Functions takes"),
  name: executionNameSchema('name')
    .optional()
    .describe('names the execution: a second start with the same name and request returns the first'),
  substitutions: z
    .record(z.string(), z.string())
    .optional()
    .describe("values for the definition's ${Name} placeholders, as CloudFormation's DefinitionSubstitutions"),
});

/** POST /api/v1/flows/graph: a flow, wrapped or bare, or a state machine. */
export const GraphRequestSchema = z
  .union([WrappedFlowSchema, BareFlowSchema, StateMachineRequestSchema])
  .meta({ id: 'GraphRequest' });

const defaultInput = input.describe("kept as the version's default input: what a start that gives no input runs with");

/**
 * PUT /api/v1/flows/{flow_id}: what execute takes (a sample from flows/ as it is), without an
 * execution name; a flow's `id` may be left out (the path names it), a state machine is saved under
 * the path's id.
 */
export const SavedFlowRequestSchema = z
  .union([
    z.strictObject({ flow: RawFlowSchema.partial({ id: true }), input: defaultInput.optional() }),
    RawFlowSchema.partial({ id: true }).extend({ input: defaultInput.optional() }),
    StateMachineRequestSchema.omit({ name: true }).extend({ input: defaultInput.optional() }),
  ])
  .meta({ id: 'SavedFlowRequest' });

/** Local stack: a test case of the mock configuration (docs/testing-with-mocks.md). */
const testCaseFields = {
  test_case: z
    .string()
    .optional()
    .describe(
      "local stack: run on this test case of SFN_MOCK_CONFIG's mock configuration (Step Functions Local's format)",
    ),
  state_machine_name: z
    .string()
    .optional()
    .describe("with test_case: the name the mock configuration's StateMachines lists this state machine under"),
};

/** POST /api/v1/flows/execute: a flow (wrapped, with an optional execution name) or a state machine. */
export const ExecuteRequestSchema = z
  .union([
    WrappedFlowSchema.extend({
      name: executionNameSchema('name')
        .optional()
        .describe('names the execution: a second start with the same name and request returns the first'),
      ...testCaseFields,
    }),
    BareFlowSchema,
    StateMachineRequestSchema.extend(testCaseFields),
  ])
  .meta({ id: 'ExecuteRequest' });
