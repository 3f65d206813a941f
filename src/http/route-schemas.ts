import { z } from 'zod';
import { MAX_TASK_TOKEN_LENGTH } from '../domain/execution/task-token';
import { executionNameSchema } from '../domain/execution/execution-name';
import { LIMITS } from '../domain/limits';
import { EXECUTION_STATUSES } from '../domain/statuses';
import { flowVersionParam, nextTokenParam, pageLimit, waitSeconds } from './request';

/**
 * The query and body schemas of the routes that have their own: the handlers validate with these
 * objects and the OpenAPI document (src/http/openapi) is generated from the same ones.
 */

/** GET /api/v1/flows/executions/{execution_id}: a wait for the end, and a page of steps. */
export const DetailQuerySchema = z.strictObject({
  wait_seconds: waitSeconds.default(0),
  next_token: nextTokenParam,
  limit: pageLimit(LIMITS.stepPageMax).optional(),
});

/** GET /api/v1/flows/executions/{execution_id}/history: a page of events, oldest first. */
export const HistoryQuerySchema = z.strictObject({
  limit: pageLimit(LIMITS.stepPageMax).default(LIMITS.stepPageDefault),
  next_token: nextTokenParam,
});

/** GET /api/v1/flows/executions/{execution_id}/children: a page of one fan-out task's children, in index order. */
export const ChildrenQuerySchema = z.strictObject({
  task: z
    .string()
    .min(1, 'task must not be empty')
    .max(LIMITS.maxNameLength, `task must be at most ${LIMITS.maxNameLength} characters`)
    .optional()
    .describe('the map or parallel task; required when the execution has more than one'),
  status: z
    .enum(EXECUTION_STATUSES, { error: `status must be one of ${EXECUTION_STATUSES.join(', ')}` })
    .optional()
    .describe('only children with this status (PENDING: not started yet)'),
  run: z.coerce
    .number({ error: 'run must be a number' })
    .int('run must be a whole number')
    .min(1, 'run must be at least 1')
    .optional()
    .describe("the task's run, by its step number (a written-results summary's `run`); default: its latest run"),
  include: z
    .enum(['output'], { error: "include must be 'output'" })
    .optional()
    .describe(
      `output: each ended child's output as its map's result holds it (a failed one's { error, cause }); a page then stops at ${LIMITS.childOutputPageBytes / 1024 / 1024} MiB of outputs`,
    ),
  limit: pageLimit(LIMITS.childPageMax).default(LIMITS.childPageDefault),
  next_token: nextTokenParam,
});

/** GET /api/v1/flows/{flow_id}: the version shown, and a page of versions. */
export const FlowQuerySchema = z.strictObject({
  version: z.coerce.number({ error: 'version must be a number' }).pipe(flowVersionParam).optional(),
  limit: pageLimit(LIMITS.flowVersionPageMax).default(LIMITS.flowVersionPageDefault),
  next_token: nextTokenParam,
});

/** GET /api/v1/flows: a page of saved flows. */
export const ListFlowsQuerySchema = z.strictObject({
  limit: pageLimit(LIMITS.listMaxLimit).default(LIMITS.listDefaultLimit),
  next_token: nextTokenParam,
});

/** POST /api/v1/flows/{flow_id}/executions: every field optional; no body is `{}`. */
export const StartBodySchema = z.strictObject(
  {
    input: z.unknown().optional(),
    version: flowVersionParam.optional(),
    name: executionNameSchema('name').optional(),
    /** Local stack: run on this test case of the mock configuration (docs/testing-with-mocks.md). */
    test_case: z
      .string()
      .min(1, 'test_case must not be empty')
      .max(80, 'test_case must be at most 80 characters')
      .optional(),
  },
  { error: 'body must be a JSON object' },
);

/** POST /api/v1/flows/executions/{execution_id}/stop: what the execution's error and cause will say. */
export const StopBodySchema = z.strictObject({
  error: z
    .string()
    .min(1, 'error must not be empty')
    .max(LIMITS.maxStopErrorLength, `error must be at most ${LIMITS.maxStopErrorLength} characters`)
    .optional(),
  cause: z
    .string()
    .max(LIMITS.maxStopCauseLength, `cause must be at most ${LIMITS.maxStopCauseLength} characters`)
    .optional(),
});

const taskToken = z
  .string({ error: 'task_token is required: the token the waiting task was given' })
  .min(1, 'task_token must not be empty')
  .max(MAX_TASK_TOKEN_LENGTH, `task_token must be at most ${MAX_TASK_TOKEN_LENGTH} characters`);

/** POST /api/v1/flows/callbacks/success (SendTaskSuccess): the task's result. */
export const CallbackSuccessBodySchema = z.strictObject({
  task_token: taskToken,
  output: z
    .custom<unknown>((v) => v !== undefined, { error: "output is required: the task's result, any JSON value" })
    .describe("the task's result, any JSON value"),
});

/** POST /api/v1/flows/callbacks/failure (SendTaskFailure): the error name retriers and catchers match, and its cause. */
export const CallbackFailureBodySchema = z.strictObject({
  task_token: taskToken,
  error: z
    .string({ error: 'error must be a string' })
    .max(LIMITS.maxCallbackErrorLength, `error must be at most ${LIMITS.maxCallbackErrorLength} characters`)
    .optional(),
  cause: z
    .string({ error: 'cause must be a string' })
    .max(LIMITS.maxCallbackCauseLength, `cause must be at most ${LIMITS.maxCallbackCauseLength} characters`)
    .optional(),
});

/** POST /api/v1/flows/callbacks/heartbeat (SendTaskHeartbeat). */
export const CallbackHeartbeatBodySchema = z.strictObject({ task_token: taskToken });
