import { z } from 'zod';
import { EXECUTION_STATUSES } from '../../domain/statuses';
import { ErrorDetailSchema, instant, json, nullable, warnings } from './schema-parts';

/**
 * The shapes of the JSON answers, for the OpenAPI document only (answers are built by the views in
 * src/views, which nothing parses). tests/unit/openapi-responses.test.ts holds each view's type to
 * the schema it documents, so neither can change alone.
 */

// The answers of the saved-flow routes and of the v1 flow service, each in its own module.
export { ErrorDetailSchema } from './schema-parts';
export * from './saved-flow-response-schemas';
export * from './flow-service-response-schemas';

/** Every error answer of every route. */
export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .describe('machine-readable: validation_error, invalid_json, not_found, conflict, unauthorized, …'),
      message: z.string(),
      details: z.array(ErrorDetailSchema).optional().describe('one entry per problem found'),
      request_id: z.string().optional().describe('only on 500: the id to find the request in the logs'),
    }),
  })
  .meta({ id: 'Error' });

export const HealthSchema = z.object({
  status: z.enum(['healthy', 'unhealthy']),
  timestamp: instant,
  dynamodb: z.object({ reachable: z.boolean(), latency_ms: z.number(), error: z.string().optional() }),
});

/** The 202 (or, for a start its name found, 200) of the routes that start an execution. */
export const StartedExecutionSchema = z
  .object({
    execution_id: z.string(),
    name: nullable(z.string()),
    status: z.enum(EXECUTION_STATUSES),
    flow_version: nullable(z.number().int()),
    message: z.string(),
    location: z.string().describe('where to poll: /api/v1/flows/executions/{execution_id}'),
    warnings,
  })
  .meta({ id: 'StartedExecution' });

const TaskResultSchema = z.object({
  task_name: z.string(),
  status: z.enum(['success', 'failure']),
  data: json,
  error: nullable(z.string()),
  error_code: nullable(z.string()),
  attempt: z.number().int(),
  step: z.number().int(),
  started_at: instant,
  completed_at: instant,
  duration_ms: z.number(),
  truncated: z.literal(true).optional().describe('the output was over the size limit and was cut'),
});

export const ExecutionSchema = z
  .object({
    execution_id: z.string(),
    name: nullable(z.string()),
    flow_id: z.string(),
    flow_name: z.string(),
    flow_version: nullable(z.number().int()),
    started_by: nullable(
      z.object({ execution_id: z.string(), seq: z.number().int(), task: z.string(), depth: z.number().int() }),
    ).describe('the step that started this execution as a child flow without waiting for it (docs/child-flows.md)'),
    status: z.enum(EXECUTION_STATUSES),
    current_task: nullable(z.string()),
    input: json.describe('the execution input'),
    output: json.describe(
      'what the last task handed on (after its `output` expression), as Step Functions gives it; null until the execution SUCCEEDED, and after any other end',
    ),
    created_at: instant,
    started_at: nullable(instant),
    completed_at: nullable(instant),
    failed_task: nullable(z.string()).describe(
      'the task whose failure ended the execution; null otherwise (an end in `fail` sets `fail_route` instead)',
    ),
    fail_route: nullable(
      z.object({
        after_task: z.string(),
        by: z.enum(['condition', 'choice', 'default', 'catch']),
        condition: z.string().optional(),
        rule: z.number().int().optional().describe('the choice rule or catcher, by index'),
      }),
    ).describe('how an execution that ended in `fail` got there: no task failed to run, so it cannot be redriven'),
    stopped_step: nullable(
      z.object({
        seq: z.number().int(),
        task: z.string(),
        state: z.enum(['running', 'waiting']),
        started_at: instant.optional(),
        stopped_at: instant.optional(),
      }),
    ).describe('the step a stop or timeout caught running or waiting, before it recorded a result'),
    error: nullable(z.string()),
    error_code: nullable(z.string()),
    steps_executed: z.number().int(),
    max_steps: z.number().int(),
    timeout_seconds: nullable(z.number().int()),
    deadline_at: nullable(instant),
    waiting_until: nullable(instant).describe(
      "while the current task waits (a wait task, or a retry's backoff): when it is due to run",
    ),
    redrive_count: z.number().int(),
    redriven_at: nullable(instant),
    test_case: nullable(z.object({ state_machine: z.string(), test_case: z.string() })).describe(
      'local stack: the mock configuration test case the execution runs on (docs/testing-with-mocks.md)',
    ),
    tasks: z.array(
      z.object({ name: z.string(), task_type: z.string(), status: z.string(), attempts: z.number().int() }),
    ),
    task_results: z.array(TaskResultSchema).describe('one page of recorded steps, oldest first'),
    task_results_paged: z.boolean(),
    task_results_next_token: nullable(z.string()),
    fan_out: z
      .record(
        z.string(),
        z.object({
          total: z.number().int(),
          pending: z.number().int().describe('not started yet'),
          running: z.number().int().describe('started and not ended'),
          succeeded: z.number().int(),
          failed: z.number().int().describe('failed or timed out'),
          aborted: z.number().int(),
        }),
      )
      .optional()
      .describe(
        'on GET only: each map or parallel task that has started, by name, with the children of its latest run counted by status',
      ),
    warnings,
    message: z.string().optional().describe('a one-line summary, on the answers of start, stop and redrive'),
    location: z.string().optional(),
  })
  .meta({ id: 'Execution' });

export const ExecutionListSchema = z.object({
  executions: z.array(z.record(z.string(), json)).describe('summaries, newest first'),
  count: z.number().int(),
  next_token: nullable(z.string()),
});

export const ChildrenSchema = z.object({
  execution_id: z.string(),
  task: z.string().describe('the map or parallel task whose run is shown (its latest, or the one asked for)'),
  children: z.array(
    z.object({
      execution_id: z
        .string()
        .describe('<execution id>.<step>.<index>: readable on the read routes (execution, history, graph)'),
      index: z.number().int(),
      status: z.enum(EXECUTION_STATUSES).describe('PENDING: not started yet'),
      started_at: nullable(instant),
      ended_at: nullable(instant),
      error_code: nullable(z.string()),
      output: json
        .optional()
        .describe(
          "with include=output: the child's place in its map's result (a failed one's { error, cause }); null until it ended",
        ),
    }),
  ),
  next_token: nullable(z.string()),
});

export const HistorySchema = z.object({
  execution_id: z.string(),
  events: z.array(
    z.object({
      id: z.number().int(),
      type: z
        .string()
        .describe(
          "ExecutionStarted, TaskStarted, TaskSucceeded, TaskFailed, RetryScheduled, CatchTaken, ChoiceEvaluated, TaskWaitingForCallback (detail: task_token), …; a map or parallel task: MapRunStarted/Succeeded/Failed or ParallelStateStarted/Succeeded/Failed, and between them each child's MapIteration… or ParallelBranch… Started, Succeeded, Failed, Aborted (detail: index, execution_id); a start_flow task: ChildExecutionStarted (detail: child_execution_id, flow_id, flow_version, wait), and for a waited child its ChildExecutionSucceeded, Failed, TimedOut or Aborted (detail: child_execution_id, error, cause)",
        ),
      time: instant,
      task: z.string().optional(),
      step: z.number().int().optional(),
      detail: z.record(z.string(), json).optional(),
    }),
  ),
  count: z.number().int(),
  next_token: nullable(z.string()),
});

export const GraphSchema = z
  .object({
    start: z.string(),
    tasks: z.array(
      z.object({
        id: z
          .string()
          .describe("unique in the graph: a top-level task's name, a sub-flow's task's qualified by its path"),
        name: z.string(),
        task_type: z.string(),
        arguments: json.optional().describe("the task's arguments (or parameters) as defined, expressions unevaluated"),
        group: z.string().optional().describe('the sub-flow (a groups id) holding the task; absent at the top level'),
        fan_out: z
          .object({
            kind: z.enum(['parallel', 'map']),
            groups: z
              .array(z.string())
              .describe("its sub-flows' ids: a parallel's branches in order, a map's item processor"),
            max_concurrency: z.number().int().optional().describe('a map: items run at once'),
            counts: z
              .object({
                total: z.number().int(),
                succeeded: z.number().int(),
                failed: z.number().int(),
                aborted: z.number().int(),
              })
              .optional()
              .describe("on an execution graph, once fan-outs run: how the fan-out's children ended"),
          })
          .optional()
          .describe('a map or parallel task, drawn as a box holding its sub-flows'),
        state: z.string().optional().describe("on an execution graph only, for the flow's own tasks"),
      }),
    ),
    groups: z
      .array(
        z.object({
          id: z.string(),
          task: z.string().describe('the fan-out task holding it'),
          label: z.string(),
          start: z.string(),
          end: z.string().describe("the node its edges lead to for `end`: the sub-flow's own end"),
          fail: z.string().describe("the node its edges lead to for `fail`: the sub-flow's own fail"),
        }),
      )
      .describe("the sub-flows of map and parallel tasks, outermost first; each edge stays in its edge's group"),
    edges: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        kind: z.enum(['next', 'success', 'failure', 'choice', 'default', 'retry', 'catch']),
        label: z.string().describe("short: a choice rule's condition is cut to about 30 characters"),
        rule: z.number().int().optional().describe("a choice edge: the rule's index in the condition's choices"),
        condition: z.string().optional().describe("a choice edge: the rule's whole condition"),
        times_taken: z.number().int().optional().describe('on an execution graph only'),
        group: z.string().optional().describe('the sub-flow the edge is drawn in; absent at the top level'),
      }),
    ),
    path_partial: z.boolean().optional(),
    execution_id: z.string().optional(),
    warnings: warnings.describe("a posted flow's validation warnings, as execute returns them"),
  })
  .meta({ id: 'Graph' });

export const AslExportSchema = z.object({
  asl: z.record(z.string(), json).describe('an Amazon States Language state machine, JSONata mode'),
  warnings: z.array(ErrorDetailSchema),
});

export const MessageSchema = z.object({ message: z.string() });
