import type { z } from 'zod';
import { ListQuerySchema } from '../list-query';
import { ExecutionIdBodySchema, GraphQuerySchema, WaitQuerySchema } from '../request';
import {
  ChildrenQuerySchema,
  DetailQuerySchema,
  FlowQuerySchema,
  HistoryQuerySchema,
  ListFlowsQuerySchema,
  StartBodySchema,
  StopBodySchema,
  CallbackFailureBodySchema,
  CallbackHeartbeatBodySchema,
  CallbackSuccessBodySchema,
} from '../route-schemas';
import type { RouteKey } from '../routes';
import { FLOW_EXAMPLES, FLOW_SERVICE_EXAMPLES, SAVED_FLOW_EXAMPLES, START_EXAMPLES } from './examples';
import { ExecuteRequestSchema, FlowRequestSchema, GraphRequestSchema, SavedFlowRequestSchema } from './request-bodies';
import * as R from './response-schemas';

export type Tag = 'executions' | 'flows' | 'saved flows' | '/flow service' | 'service';

interface Example {
  summary: string;
  value: unknown;
}

/** One answer: JSON of one of the schemas, or text of a media type. */
export interface Answer {
  description: string;
  json?: z.ZodType[];
  text?: { mediaType: string; description: string };
  /** A Location header: `true` for the execution or flow it names, or what it leads to. */
  location?: boolean | string;
  /** An answer with no body (a redirect, no content). */
  empty?: true;
}

/**
 * What the document says of one route besides what its path tells (path parameters, and so 400
 * and 404) and what every route answers (401 without a key, 500): the statuses are derived from
 * these in document.ts, so a route taking a JSON body documents 400, 413 and 415.
 */
export interface Operation {
  /** When one function serves several fixed paths: the operation id of this one. */
  operationId?: string;
  summary: string;
  description?: string;
  tag: Tag;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; required: boolean; examples?: Record<string, Example> };
  idempotencyKey?: boolean;
  answers: Record<number, Answer>;
  /** Error statuses beyond the derived ones, each with why. */
  errors?: Record<number, string>;
}

const started: Record<number, Answer> = {
  202: { description: 'started: poll the Location', json: [R.StartedExecutionSchema], location: true },
  200: {
    description: 'finished within wait_seconds (the execution), or a name found its open execution (the 202 body)',
    json: [R.ExecutionSchema, R.StartedExecutionSchema],
    location: true,
  },
};
const graph: Record<number, Answer> = {
  200: {
    description: 'the graph',
    json: [R.GraphSchema],
    text: { mediaType: 'text/plain', description: 'with ?format=mermaid: a Mermaid state diagram' },
  },
};
const CALLBACK_ERRORS = {
  400: 'InvalidToken: not a task token this service issued; InvalidOutput: the output is too large',
  404: 'TaskDoesNotExist: no such execution, or no task waits for this token',
  409: 'TaskTimedOut: the task no longer waits (it completed, timed out or missed its heartbeat, or its execution ended)',
};
const NAME_CONFLICT =
  'ExecutionAlreadyExists: the name is held by an execution that has ended, or was started with another flow or input';

/** Every route of src/http/routes.ts: a route missing here is a type error. */
export const OPERATIONS: Record<RouteKey, Operation> = {
  'GET /health': {
    summary: 'Health: is DynamoDB reachable',
    tag: 'service',
    answers: {
      200: { description: 'healthy', json: [R.HealthSchema] },
      503: { description: 'DynamoDB did not answer', json: [R.HealthSchema] },
    },
  },
  'GET /openapi.json': {
    summary: 'This document',
    tag: 'service',
    answers: { 200: { description: 'the OpenAPI 3.1 document of the API' } },
  },
  'GET /docs': {
    summary: 'Interactive API reference (Swagger UI)',
    tag: 'service',
    answers: {
      200: {
        description: 'an HTML page',
        text: { mediaType: 'text/html', description: 'Swagger UI, reading /openapi.json' },
      },
    },
  },
  'GET /docs/{asset}': {
    summary: "The reference page's scripts and style sheet",
    tag: 'service',
    answers: {
      200: { description: 'the file', text: { mediaType: 'application/javascript', description: 'or text/css' } },
    },
    errors: { 404: 'no such file' },
  },
  'GET /console': {
    summary: 'The web console',
    description:
      'Executions, saved flows and their graphs in the browser. The page asks for the API key and keeps it for the browser session only.',
    tag: 'service',
    answers: {
      200: {
        description: 'an HTML page',
        text: { mediaType: 'text/html', description: 'the console, loading console/console.js' },
      },
    },
  },
  'GET /console/{asset}': {
    summary: "The console's script and style sheet",
    tag: 'service',
    answers: {
      200: { description: 'the file', text: { mediaType: 'application/javascript', description: 'or text/css' } },
    },
    errors: { 404: 'no such file' },
  },
  'GET /': {
    operationId: 'siteRoot',
    summary: 'The site root: leads to the web console',
    tag: 'service',
    answers: { 302: { description: 'to the web console', location: 'the console page, /console', empty: true } },
  },
  'GET /favicon.ico': {
    operationId: 'favicon',
    summary: "The browser's icon request: answered with no content, without asking for a key",
    tag: 'service',
    answers: { 204: { description: 'no icon', empty: true } },
  },
  'POST /api/v1/flows/execute': {
    summary: 'Start an execution of a posted flow',
    description:
      'Validates the flow (every problem in one 400), stores it and starts it. With ?wait_seconds=N, answers 200 with the execution if it finishes within N seconds.',
    tag: 'executions',
    query: WaitQuerySchema,
    body: { schema: ExecuteRequestSchema, required: true, examples: FLOW_EXAMPLES },
    idempotencyKey: true,
    answers: started,
    errors: { 409: NAME_CONFLICT },
  },
  'GET /api/v1/flows/executions': {
    summary: 'List executions, newest first',
    description: 'Every filter combines with the others; pages with next_token.',
    tag: 'executions',
    query: ListQuerySchema,
    answers: { 200: { description: 'a page of executions', json: [R.ExecutionListSchema] } },
  },
  'GET /api/v1/flows/executions/{execution_id}': {
    summary: 'An execution, with a page of its steps',
    description: 'With ?wait_seconds=N, waits up to N seconds for the execution to end.',
    tag: 'executions',
    query: DetailQuerySchema,
    answers: { 200: { description: 'the execution', json: [R.ExecutionSchema] } },
  },
  'GET /api/v1/flows/executions/{execution_id}/history': {
    summary: "An execution's history events, oldest first",
    tag: 'executions',
    query: HistoryQuerySchema,
    answers: { 200: { description: 'a page of events', json: [R.HistorySchema] } },
  },
  'GET /api/v1/flows/executions/{execution_id}/children': {
    summary: "A map or parallel task's child executions, in index order",
    description:
      "The task's latest run, or the one ?run= names (a map's written-results summary names its run). Children are read 100 per read; with ?status= reads go on until `limit` match or 10 reads were made, so a page may hold fewer (even none) and still carry a next_token. With ?include=output a page also ends before its outputs pass 4 MiB. A child's id works on the read routes (execution, history, children, graph, /flow/{id}/status).",
    tag: 'executions',
    query: ChildrenQuerySchema,
    answers: { 200: { description: 'a page of children', json: [R.ChildrenSchema] } },
  },
  'POST /api/v1/flows/executions/{execution_id}/stop': {
    summary: 'Stop an execution (ABORTED, history kept)',
    tag: 'executions',
    body: {
      schema: StopBodySchema,
      required: false,
      examples: { operator: { summary: 'why', value: { error: 'Operator.Stopped', cause: 'wrong input' } } },
    },
    answers: { 200: { description: 'the stopped execution', json: [R.ExecutionSchema] } },
    errors: { 409: 'the execution is not PENDING or RUNNING' },
  },
  'POST /api/v1/flows/executions/{execution_id}/redrive': {
    summary: 'Resume a FAILED, TIMED_OUT or ABORTED execution where it stopped',
    tag: 'executions',
    answers: { 200: { description: 'the resumed execution', json: [R.ExecutionSchema], location: true } },
    errors: {
      409: 'ExecutionNotRedrivable: the execution cannot be resumed (its status, an end in `fail` (no task failed to run), its max_steps spent, or its definition past retention)',
    },
  },
  'GET /api/v1/flows/executions/{execution_id}/graph': {
    summary: "An execution's flow as a graph, with task states and the path taken",
    tag: 'executions',
    query: GraphQuerySchema,
    answers: graph,
  },
  'POST /api/v1/flows/callbacks/success': {
    operationId: 'sendTaskSuccess',
    summary: 'Complete a task waiting for a callback with its result (SendTaskSuccess)',
    tag: 'executions',
    body: {
      schema: CallbackSuccessBodySchema,
      required: true,
      examples: { approved: { summary: 'a result', value: { task_token: 'ft1.…', output: { approved: true } } } },
    },
    answers: { 200: { description: 'taken: the step completes with the output', json: [R.MessageSchema] } },
    errors: CALLBACK_ERRORS,
  },
  'POST /api/v1/flows/callbacks/failure': {
    operationId: 'sendTaskFailure',
    summary: 'Fail a task waiting for a callback with an error name and cause (SendTaskFailure)',
    tag: 'executions',
    body: {
      schema: CallbackFailureBodySchema,
      required: true,
      examples: {
        rejected: { summary: 'an error', value: { task_token: 'ft1.…', error: 'Rejected', cause: 'not approved' } },
      },
    },
    answers: {
      200: {
        description: 'taken: the step fails with the error (retriers and catchers apply)',
        json: [R.MessageSchema],
      },
    },
    errors: CALLBACK_ERRORS,
  },
  'POST /api/v1/flows/callbacks/heartbeat': {
    operationId: 'sendTaskHeartbeat',
    summary: 'Tell a task waiting for a callback that its work goes on (SendTaskHeartbeat)',
    tag: 'executions',
    body: {
      schema: CallbackHeartbeatBodySchema,
      required: true,
      examples: { heartbeat: { summary: 'a heartbeat', value: { task_token: 'ft1.…' } } },
    },
    answers: { 200: { description: 'taken: the heartbeat time starts again', json: [R.MessageSchema] } },
    errors: CALLBACK_ERRORS,
  },
  'POST /api/v1/flows/graph': {
    summary: "A posted flow's graph (nothing is stored)",
    tag: 'flows',
    query: GraphQuerySchema,
    body: { schema: GraphRequestSchema, required: true, examples: FLOW_EXAMPLES },
    answers: graph,
  },
  'POST /api/v1/flows/asl': {
    summary: 'A posted flow as an Amazon States Language state machine (nothing is stored)',
    tag: 'flows',
    body: { schema: FlowRequestSchema, required: true, examples: FLOW_EXAMPLES },
    answers: { 200: { description: 'the state machine', json: [R.AslExportSchema] } },
  },
  'GET /api/v1/flows': {
    summary: 'List saved flows, newest first',
    tag: 'saved flows',
    query: ListFlowsQuerySchema,
    answers: { 200: { description: 'a page of saved flows', json: [R.SavedFlowListSchema] } },
  },
  'PUT /api/v1/flows/{flow_id}': {
    summary: 'Save a flow: a new version, or the latest one if the definition is the same',
    description:
      "Takes what POST /api/v1/flows/execute takes: a flow (wrapped or bare, its id may be left out) or a state machine as { asl }. An input is kept as the version's default input, used by a start that gives none.",
    tag: 'saved flows',
    body: { schema: SavedFlowRequestSchema, required: true, examples: SAVED_FLOW_EXAMPLES },
    answers: {
      201: { description: 'a new version', json: [R.SavedVersionSchema], location: true },
      200: {
        description: 'the definition is the latest version already',
        json: [R.SavedVersionSchema],
        location: true,
      },
    },
    errors: { 409: 'the flow has the most versions a flow may have, or kept being saved concurrently' },
  },
  'GET /api/v1/flows/{flow_id}': {
    summary: 'A saved flow: one version, a page of versions, its executions per status',
    tag: 'saved flows',
    query: FlowQuerySchema,
    answers: { 200: { description: 'the saved flow', json: [R.SavedFlowSchema] } },
  },
  'POST /api/v1/flows/{flow_id}/executions': {
    summary: 'Start an execution of a saved flow',
    description: 'Answers as POST /api/v1/flows/execute does. No body starts the latest version with input {}.',
    tag: 'saved flows',
    query: WaitQuerySchema,
    body: { schema: StartBodySchema, required: false, examples: START_EXAMPLES },
    idempotencyKey: true,
    answers: started,
    errors: { 409: NAME_CONFLICT },
  },
  'POST /flow/create': {
    summary: 'Store an execution in PENDING (/flow service)',
    tag: '/flow service',
    body: { schema: FlowRequestSchema, required: true, examples: FLOW_SERVICE_EXAMPLES },
    answers: { 200: { description: 'created; POST /flow/execute starts it', json: [R.FlowCreatedSchema] } },
  },
  'POST /flow/execute': {
    summary: 'Start a PENDING execution (/flow service)',
    tag: '/flow service',
    body: { schema: ExecutionIdBodySchema, required: true },
    answers: { 200: { description: 'started', json: [R.FlowStatusSchema] } },
    errors: { 404: 'no such execution', 409: 'the execution is not PENDING (it can be started only once)' },
  },
  'GET /flow/{execution_id}/status': {
    summary: "An execution's status (/flow service)",
    tag: '/flow service',
    query: WaitQuerySchema,
    answers: { 200: { description: 'the status', json: [R.FlowStatusSchema] } },
  },
  'DELETE /flow/{execution_id}': {
    summary: 'Cancel an execution if active, then delete every record of it (/flow service)',
    tag: '/flow service',
    answers: { 200: { description: 'deleted', json: [R.MessageSchema] } },
  },
};
