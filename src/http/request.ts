import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../domain/errors';
import { executionNameSchema } from '../domain/execution/execution-name';
import { typeError } from '../domain/flow/flow-schema';
import { zodIssuesToDetails } from '../domain/problems/issue-paths';
import { LIMITS } from '../domain/limits';
import { childPlace } from '../engine/fan-out/child-execution-id';
import { jsonDocument } from '../flow-requests/json-document';

/** Header lookup that works with AWS (lower-cased names) and serverless-offline (original case). */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

const isJsonMediaType = (contentType: string): boolean => {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
};

/**
 * The request body as JSON: 413 over the size limit, 415 unless JSON, 400 if empty, malformed, or
 * if an object repeats a key (JSON.parse would silently keep the last value; we never guess).
 */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.maxBodyBytes) throw new PayloadTooLargeError(LIMITS.maxBodyBytes, bytes);
  const contentType = header(event, 'content-type');
  if (!contentType || !isJsonMediaType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  return jsonDocument(text);
}

/** As jsonBody, but a request without a body (or with only whitespace) is `{}`: for routes whose every field is optional. */
export function optionalJsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return text.trim() === '' ? {} : jsonBody(event);
}

/** A parsed body through a strict zod schema: unknown or malformed fields are named in the 400. */
export function bodyFields<S extends z.ZodType>(body: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError('invalid request body', zodIssuesToDetails(parsed.error.issues));
  return parsed.data;
}

/**
 * The `Idempotency-Key` header, an execution's name by another way (for the bare flow shape, whose
 * `name` is the flow's): held to the same rule as a name; undefined when absent.
 */
export function idempotencyKey(event: APIGatewayProxyEventV2): string | undefined {
  const value = header(event, 'idempotency-key');
  if (value === undefined) return undefined;
  const parsed = executionNameSchema('Idempotency-Key').safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    'invalid Idempotency-Key header',
    parsed.error.issues.map((issue) => ({ path: 'headers.idempotency-key', message: issue.message })),
  );
}

/** Query parameters through a strict zod schema: unknown or malformed parameters are named in the 400. */
export function query<S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.output<S> {
  const parsed = schema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success)
    throw new ValidationError('invalid query parameters', zodIssuesToDetails(parsed.error.issues, ['query']));
  return parsed.data;
}

const EXECUTION_ID_RULE = `must be 1-${LIMITS.maxExecutionIdLength} characters of A-Z, a-z, 0-9, '-' or '_'`;

/** The one rule for an execution id, wherever it comes from (too long, `#`, `/`, spaces: not an id). */
export const ExecutionIdSchema = z
  .string()
  .min(1)
  .max(LIMITS.maxExecutionIdLength)
  .regex(/^[A-Za-z0-9_-]+$/)
  .describe(`an execution id: ${EXECUTION_ID_RULE}`);

const isExecutionId = (id: string): boolean => ExecutionIdSchema.safeParse(id).success;

const malformedExecutionId = (path: string) =>
  new BadRequestError('invalid_execution_id', 'execution_id is malformed', [{ path, message: EXECUTION_ID_RULE }]);

/** The `{execution_id}` path parameter; 400 if it cannot be an id. */
export function executionIdParam(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.execution_id ?? '';
  if (!isExecutionId(id)) throw malformedExecutionId('path.execution_id');
  return id;
}

const READ_ID_RULE =
  `must be an execution id (1-${LIMITS.maxExecutionIdLength} characters of A-Z, a-z, 0-9, '-' or '_') ` +
  `or a child execution's id (<execution id>.<step>.<index>, nested, at most ${LIMITS.maxChildExecutionIdLength} characters)`;

/** The caller's execution a child runs under, however deep: its id's part before the first `<seq>.<index>`. */
function rootExecutionId(id: string): string {
  let root = id;
  for (let place = childPlace(id); place; place = childPlace(root)) root = place.parentId;
  return root;
}

/** An id the read routes take: a caller's execution id, or a child's (src/engine/fan-out/child-execution-id.ts). */
const isReadableExecutionId = (id: string): boolean =>
  isExecutionId(id) ||
  (id.length <= LIMITS.maxChildExecutionIdLength && childPlace(id) !== undefined && isExecutionId(rootExecutionId(id)));

/** The read routes' `{execution_id}`, as the OpenAPI document describes it (readExecutionIdParam checks it). */
export const ReadableExecutionIdSchema = z
  .string()
  .min(1)
  .max(LIMITS.maxChildExecutionIdLength)
  .refine(isReadableExecutionId)
  .describe(`an execution id or a child execution's id: ${READ_ID_RULE}`);

/** A caller's or a child's execution id, in a query (`parent_execution_id`): the read routes' rule. */
export const readableExecutionId = (field: string) =>
  z.string().refine(isReadableExecutionId, `${field} ${READ_ID_RULE}`);

/**
 * The `{execution_id}` of a route that only reads: a child execution's id too, so a map item's or
 * a branch's execution can be looked at. Routes that start or change executions keep
 * executionIdParam: no caller can name a child.
 */
export function readExecutionIdParam(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.execution_id ?? '';
  if (!isReadableExecutionId(id))
    throw new BadRequestError('invalid_execution_id', 'execution_id is malformed', [
      { path: 'path.execution_id', message: READ_ID_RULE },
    ]);
  return id;
}

/** The body of POST /flow/execute. */
export const ExecutionIdBodySchema = z.strictObject({
  execution_id: z
    .string({ error: typeError('execution_id', 'a string') })
    .refine(isExecutionId, `execution_id ${EXECUTION_ID_RULE}`),
});

/**
 * The `execution_id` of a `{ "execution_id": … }` body, held to the same rule as in a path: a
 * malformed id is the same 400 `invalid_execution_id` (naming `execution_id`), not a 404 for an
 * id that could never exist. A missing or mistyped id, or another field, is a validation error.
 */
export function executionIdInBody(body: unknown): string {
  const parsed = ExecutionIdBodySchema.safeParse(body);
  if (parsed.success) return parsed.data.execution_id;
  // The schema's only custom check is the id rule.
  if (parsed.error.issues.every((issue) => issue.code === 'custom')) throw malformedExecutionId('execution_id');
  throw new ValidationError('invalid request', zodIssuesToDetails(parsed.error.issues));
}

export const waitSeconds = z.coerce
  .number({ error: 'wait_seconds must be a number' })
  .int('wait_seconds must be a whole number')
  .min(0, 'wait_seconds must be at least 0')
  .max(LIMITS.maxWaitSeconds, `wait_seconds must be at most ${LIMITS.maxWaitSeconds}`);

export const WaitQuerySchema = z.strictObject({ wait_seconds: waitSeconds.default(0) });

/** A saved flow's version number, in a body or (coerced) in a query. */
export const flowVersionParam = z
  .int({ error: typeError('version', 'a whole number') })
  .min(1, 'version must be at least 1')
  .max(LIMITS.maxFlowVersions, `version must be at most ${LIMITS.maxFlowVersions}`);

/** `?limit=` of a paged route: a whole number from 1 to `max`. */
export const pageLimit = (max: number) =>
  z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(max, `limit must be at most ${max}`);

/** `?next_token=` of a paged route: opaque, checked by the listing it came from. */
export const nextTokenParam = z.string().min(1, 'next_token must not be empty').optional();

/** `?format=` of the graph routes: JSON for a console to lay out, or Mermaid text. */
export const GraphQuerySchema = z.strictObject({
  format: z.enum(['json', 'mermaid'], { error: 'format must be json or mermaid' }).default('json'),
});
