import { z } from 'zod';
import { LIMITS } from '../../domain/limits';
import { ExecutionIdSchema, ReadableExecutionIdSchema } from '../request';
import { isPublicRoute, type Route, ROUTES, routeKey, takesChildIds } from '../routes';
import { type Answer, type Operation, OPERATIONS } from './operations';
import { ErrorResponseSchema } from './response-schemas';

type JsonSchema = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document of the API, generated from the route table (src/http/routes.ts), the
 * zod schemas the handlers validate with (zod's own JSON Schema output) and the response schemas.
 * Schemas with a meta `id` become components; everything else is inlined where it is used.
 */
export function openApiDocument(): Record<string, unknown> {
  const components = componentSchemas();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operationObject(route, OPERATIONS[routeKey(route)], components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Flow Manager API',
      version: '1',
      description:
        'Flows of tasks, each step in its own Lambda invocation, state in DynamoDB. Two APIs: /api/v1/flows/… and the original /flow/… service. ' +
        'Errors are always `{ "error": { "code", "message", "details"? } }`. Every route but /health, /openapi.json, /docs, /console, / and /favicon.ico takes an API key: `Authorization: Bearer <key>`. ' +
        'The gateway may also answer 429 when a route is over its rate limit.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'executions', description: 'Start, watch and operate executions (v1)' },
      { name: 'flows', description: 'Flow definitions, checked and translated without storing anything (v1)' },
      { name: 'saved flows', description: 'Register a flow once, start it by id and version (v1)' },
      { name: '/flow service', description: "The original /flow service's routes" },
      { name: 'service', description: 'Health and this reference' },
    ],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: API_KEY_HINT } },
      schemas: components.schemas,
    },
  };
}

/** What the reference's Authorize dialog says: where a key that this API accepts comes from. */
export const API_KEY_HINT =
  'An API key. On the local stack: the key `npm start` prints, kept in `.flow-local/api-key` (to use a key of your own: `FLOW_API_KEY=<key> npm start`). ' +
  'On AWS: a key from `npm run api-key` whose hash is in the stage\'s SSM parameter (docs/api.md, "Authentication").';

interface Components {
  schemas: Record<string, JsonSchema>;
  /** The component a schema object stands for, if it has one. */
  refOf(schema: z.ZodType): JsonSchema | undefined;
}

/**
 * Request schemas are described as the client sends them (zod's input: defaults optional),
 * responses as the API writes them (output). Fields zod cannot express (a custom check) are `{}`.
 */
function componentSchemas(): Components {
  const ids = new Map<z.ZodType, string>();
  const schemas: Record<string, JsonSchema> = {};
  const converted = {
    input: z.toJSONSchema(z.globalRegistry, {
      io: 'input',
      unrepresentable: 'any',
      uri: (ref) => `#/components/schemas/${ref}`,
    }).schemas,
    output: z.toJSONSchema(z.globalRegistry, {
      io: 'output',
      unrepresentable: 'any',
      uri: (ref) => `#/components/schemas/${ref}`,
    }).schemas,
  };
  for (const operation of Object.values(OPERATIONS)) {
    const bodies = operation.body ? [operation.body.schema] : [];
    const answers = [...Object.values(operation.answers).flatMap((a) => a.json ?? []), ErrorResponseSchema];
    for (const [io, list] of [
      ['input', bodies],
      ['output', answers],
    ] as const) {
      for (const schema of list) {
        const id = z.globalRegistry.get(schema)?.id;
        if (id === undefined || schemas[id]) continue;
        ids.set(schema, id);
        schemas[id] = bare(converted[io][id]!);
      }
    }
  }
  addReferencedComponents(schemas, converted.input);
  return {
    schemas,
    refOf: (schema) => (ids.has(schema) ? { $ref: `#/components/schemas/${ids.get(schema)}` } : undefined),
  };
}

const bare = ({ $schema: _schema, $id: _id, ...rest }: JsonSchema): JsonSchema => rest;

/**
 * Components no operation names but a schema refers to by its meta (a flow's sub-flows: the
 * `SubFlow` of src/domain/flow/fan-out-schema.ts), added until every reference resolves.
 */
function addReferencedComponents(schemas: Record<string, JsonSchema>, available: Record<string, JsonSchema>): void {
  const pending = [...Object.values(schemas)];
  while (pending.length > 0) {
    const found = JSON.stringify(pending.pop()).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g);
    for (const [, id] of found) {
      if (schemas[id!] || !available[id!]) continue;
      schemas[id!] = bare(available[id!]!);
      pending.push(schemas[id!]!);
    }
  }
}

const inline = (schema: z.ZodType, io: 'input' | 'output', components: Components): JsonSchema =>
  components.refOf(schema) ?? bare(z.toJSONSchema(schema, { io, unrepresentable: 'any' }));

const PATH_PARAMETERS: Record<string, JsonSchema> = {
  execution_id: bare(z.toJSONSchema(ExecutionIdSchema)),
  flow_id: {
    type: 'string',
    minLength: 1,
    maxLength: LIMITS.maxNameLength,
    description:
      "a saved flow's id: visible text, no '/', percent-encoded in the path; not one of the fixed words executions, execute, graph, asl",
  },
  asset: { type: 'string', description: 'a file of the reference page' },
};
const READABLE_EXECUTION_ID = bare(z.toJSONSchema(ReadableExecutionIdSchema, { unrepresentable: 'any' }));

function operationObject(route: Route, operation: Operation, components: Components): Record<string, unknown> {
  const pathParameters = [...route.path.matchAll(/\{([a-z_]+)\}/g)].map(([, name]) => name!);
  const parameters = [
    ...pathParameters.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: name === 'execution_id' && takesChildIds(route) ? READABLE_EXECUTION_ID : PATH_PARAMETERS[name],
    })),
    ...queryParameters(operation, components),
    ...(operation.idempotencyKey
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: "the execution's name, another way (as the body's `name`)",
            schema: { type: 'string', minLength: 1, maxLength: LIMITS.maxNameLength },
          },
        ]
      : []),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(operation.answers))
    responses[status] = answerObject(answer, components);
  for (const [status, why] of Object.entries(errorStatuses(route, operation, pathParameters))) {
    if (why === undefined) continue;
    responses[status] = {
      description: why,
      content: { 'application/json': { schema: components.refOf(ErrorResponseSchema) } },
    };
  }
  return {
    // One function serves a page and its files (/docs, /console): the files get their own id.
    operationId: operation.operationId ?? (route.path.endsWith('/{asset}') ? `${route.fn}Asset` : route.fn),
    summary: operation.summary,
    ...(operation.description && { description: operation.description }),
    tags: [operation.tag],
    ...(isPublicRoute(route) && { security: [] }),
    ...(parameters.length > 0 && { parameters }),
    ...(operation.body && {
      requestBody: {
        required: operation.body.required,
        content: {
          'application/json': {
            schema: inline(operation.body.schema, 'input', components),
            ...(operation.body.examples && { examples: operation.body.examples }),
          },
        },
      },
    }),
    responses,
  };
}

function queryParameters(operation: Operation, components: Components): unknown[] {
  if (!operation.query) return [];
  const schema = inline(operation.query, 'input', components) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: (schema.required ?? []).includes(name),
    schema: property,
  }));
}

/** The error answers a route can give, from what it reads: its key, path, query and body. */
function errorStatuses(
  route: Route,
  operation: Operation,
  pathParameters: string[],
): Record<number, string | undefined> {
  const problems = [
    pathParameters.length > 0 && route.fn !== 'docs' && 'a malformed path parameter',
    operation.query && 'an unknown or malformed query parameter',
    operation.body &&
      'a malformed body: invalid JSON, a repeated key, or fields missing, unknown or invalid (each named in details)',
  ].filter(Boolean);
  return {
    ...(problems.length > 0 && { 400: problems.join('; ') }),
    ...(!isPublicRoute(route) && { 401: 'no API key, or not a valid one' }),
    ...(pathParameters.length > 0 &&
      route.fn !== 'docs' && {
        404: `no such ${pathParameters.includes('flow_id') ? 'flow (or version)' : 'execution'}`,
      }),
    ...(operation.body && {
      413: `the body is over ${LIMITS.maxBodyBytes} bytes (or its input over ${LIMITS.maxInputBytes})`,
      415: 'the body is not application/json',
    }),
    ...operation.errors,
    500: 'an internal error: the answer names the request id, never a stack trace',
  };
}

function answerObject(answer: Answer, components: Components): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  if (answer.json) {
    const schemas = answer.json.map((schema) => inline(schema, 'output', components));
    content['application/json'] = { schema: schemas.length === 1 ? schemas[0] : { anyOf: schemas } };
  }
  if (answer.text)
    content[answer.text.mediaType] = { schema: { type: 'string', description: answer.text.description } };
  if (!answer.json && !answer.text && !answer.empty) content['application/json'] = { schema: { type: 'object' } };
  const location = answer.location === true ? 'the execution or flow' : answer.location;
  return {
    description: answer.description,
    ...(location && { headers: { Location: { description: location, schema: { type: 'string' } } } }),
    ...(!answer.empty && { content }),
  };
}
