import { z } from 'zod';

/** The pieces the response schemas share (response-schemas.ts and the modules beside it). */

export const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();
export const json = z.unknown().describe('any JSON value');
export const instant = z.string().describe('ISO 8601 time, UTC');

export const ErrorDetailSchema = z.object({
  path: z
    .string()
    .describe(
      "where the problem is: a body field ('flow.tasks[2].name'), 'query.limit', 'path.execution_id', 'headers.content-type'",
    ),
  message: z.string(),
});

export const warnings = z.array(ErrorDetailSchema).optional().describe('not errors: e.g. tasks that can never run');
