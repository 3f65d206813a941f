import { z } from 'zod';
import { instant, json, nullable, warnings } from './schema-parts';

/** The answers of the v1 flow service's routes (`/flow/...`), as its first clients read them, for the OpenAPI document. */

export const FlowCreatedSchema = z.object({
  execution_id: z.string(),
  flow_name: z.string(),
  status: z.literal('created'),
  message: z.string(),
  warnings,
});

export const FlowStatusSchema = z.object({
  execution_id: z.string(),
  flow_name: z.string(),
  status: z.enum(['CREATED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'ABORTED', 'TIMED_OUT']),
  current_task: nullable(z.string()),
  completed_tasks: z.array(z.string()),
  started_at: nullable(instant),
  ended_at: nullable(instant),
  task_results: z
    .record(
      z.string(),
      z.object({
        task_name: z.string(),
        status: z.enum(['SUCCESS', 'FAILURE']),
        message: z.string(),
        data: json,
        execution_time: z.number().describe('seconds'),
        timestamp: instant,
        error: nullable(z.string()),
        truncated: z.literal(true).optional(),
      }),
    )
    .describe("each task's latest run, by task name"),
});
