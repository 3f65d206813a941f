import { z } from 'zod';
import type { WrittenFlow } from '../../domain/flow/written-definition';
import { instant, nullable, warnings } from './schema-parts';

/** The answers of the saved-flow routes (`/api/v1/flows/{flow_id}` and its versions), for the OpenAPI document. */

const SavedFlowSummarySchema = z.object({
  flow_id: z.string(),
  flow_name: z.string(),
  latest_version: z.number().int(),
  created_at: instant,
  updated_at: instant,
  location: z.string(),
});

export const SavedFlowListSchema = z.object({
  flows: z.array(SavedFlowSummarySchema),
  count: z.number().int(),
  next_token: nullable(z.string()),
});

export const SavedVersionSchema = z.object({
  flow_id: z.string(),
  flow_name: z.string(),
  version: z.number().int(),
  definition_hash: z.string(),
  created_at: instant,
  created: z.boolean().describe('false: the definition was the latest version already'),
  location: z.string(),
  warnings,
});

export const SavedFlowSchema = SavedFlowSummarySchema.extend({
  version: z.number().int(),
  definition_hash: z.string(),
  // The stored definition, in the fields a request writes (a fan-out's `fan_out` as `branches`, `items`, …).
  definition: z.custom<WrittenFlow>().meta({
    type: 'object',
    description:
      'the validated flow of that version, defaults filled in, as a request writes it: it can be sent back as it is',
  }),
  default_input: z
    .record(z.string(), z.unknown())
    .describe(
      "the input saved with that version (a sample's input), used by a start that gives none; {} when none was",
    ),
  versions: z.array(
    z.object({ version: z.number().int(), flow_name: z.string(), definition_hash: z.string(), created_at: instant }),
  ),
  versions_next_token: nullable(z.string()),
  executions: z.object({
    counts: z.record(z.string(), z.number().int()),
    total: z.number().int(),
    complete: z.boolean(),
  }),
});
