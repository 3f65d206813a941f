import Ajv2020 from 'ajv/dist/2020';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { DOCS_ASSET_TYPES, DOCS_INIT_SCRIPT, docsPage } from '../../src/http/docs/swagger-ui-page';
import { openApiDocument } from '../../src/http/openapi/document';
import { isPublicRoute, ROUTES } from '../../src/http/routes';
import { defaultRegistry } from '../../src/tasks/default-registry';

const doc = openApiDocument() as any;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, path, operation })),
);
const routeOf = (key: string) => ROUTES.find((r) => `${r.method} ${r.path}` === key)!;

/** Every `$ref` anywhere in a JSON value. */
const refs = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(refs)
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refs(v)))
      : [];
const resolve = (ref: string) =>
  ref
    .slice(2)
    .split('/')
    .reduce<any>((node, segment) => node?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')], doc);

/** A validator of JSON Schema 2020-12 (OpenAPI 3.1's dialect) over the document's own schemas. */
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'openapi.json', components: doc.components });
const schemaAt = (pointer: string) => ajv.getSchema(`openapi.json${pointer}`)!;

describe('the OpenAPI document', () => {
  it('describes exactly the routes of the route table', () => {
    const documented = operations.map((o) => o.key).sort();
    expect(documented).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('is OpenAPI 3.1 with a response, a summary and a unique id on every operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    for (const { key, operation } of operations) {
      expect([key, Object.keys(operation.responses).length > 0, typeof operation.summary]).toEqual([
        key,
        true,
        'string',
      ]);
      for (const status of Object.keys(operation.responses))
        expect([key, status]).toEqual([key, expect.stringMatching(/^[1-5]\d\d$/)]);
    }
    expect(new Set(operations.map((o) => o.operation.operationId)).size).toBe(operations.length);
  });

  it('declares every path parameter of a path, and only those', () => {
    for (const { key, path, operation } of operations) {
      const inPath = [...path.matchAll(/\{([a-z_]+)\}/g)].map(([, name]) => name).sort();
      const declared = (operation.parameters ?? [])
        .filter((p: any) => p.in === 'path')
        .map((p: any) => p.name)
        .sort();
      expect([key, declared]).toEqual([key, inPath]);
    }
  });

  it('resolves every $ref', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(10);
    for (const ref of all) expect([ref, resolve(ref) !== undefined]).toEqual([ref, true]);
  });

  it('holds only valid JSON Schema 2020-12', () => {
    for (const id of Object.keys(doc.components.schemas))
      expect(() => schemaAt(`#/components/schemas/${id}`)).not.toThrow();
    for (const { operation } of operations) {
      for (const p of operation.parameters ?? []) expect(ajv.validateSchema(p.schema)).toBe(true);
    }
  });

  it('asks for the bearer key on every route but the public ones', () => {
    expect(doc.components.securitySchemes.apiKey).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.security).toEqual([{ apiKey: [] }]);
    for (const { key, operation } of operations) {
      const open = isPublicRoute(routeOf(key));
      expect([key, operation.security]).toEqual([key, open ? [] : undefined]);
      expect([key, '401' in operation.responses]).toEqual([key, !open]);
    }
    expect(
      operations
        .filter((o) => isPublicRoute(routeOf(o.key)))
        .map((o) => o.key)
        .sort(),
    ).toEqual([
      'GET /',
      'GET /console',
      'GET /console/{asset}',
      'GET /docs',
      'GET /docs/{asset}',
      'GET /favicon.ico',
      'GET /health',
      'GET /openapi.json',
    ]);
  });

  it('tells in the Authorize dialog where a key the local stack accepts comes from', () => {
    const hint = doc.components.securitySchemes.apiKey.description as string;
    expect(hint).toContain('.flow-local/api-key');
    expect(hint).toContain('`npm start` prints');
    expect(hint).toContain('FLOW_API_KEY=<key> npm start');
    // A key from npm run api-key alone is refused locally: the hint never offers it as the way.
    expect(hint).not.toMatch(/npm run api-key makes one/);
  });

  it('documents the site root as a redirect and the icon request as no content, neither with a body', () => {
    expect(doc.paths['/'].get.responses['302']).toEqual({
      description: 'to the web console',
      headers: { Location: { description: 'the console page, /console', schema: { type: 'string' } } },
    });
    expect(doc.paths['/favicon.ico'].get.responses['204']).toEqual({ description: 'no icon' });
  });

  it('gives every error answer the one error shape, and the statuses a JSON body can cause', () => {
    for (const { key, operation } of operations) {
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        if (Number(status) < 400 || key === 'GET /health') continue;
        expect([key, status, response.content['application/json'].schema]).toEqual([
          key,
          status,
          { $ref: '#/components/schemas/Error' },
        ]);
      }
      if (operation.requestBody)
        expect([key, ['400', '413', '415'].every((s) => s in operation.responses)]).toEqual([key, true]);
      expect([key, '500' in operation.responses]).toEqual([key, true]);
    }
    const error = schemaAt('#/components/schemas/Error');
    expect(error({ error: { code: 'not_found', message: 'Flow execution x not found' } })).toBe(true);
    expect(
      error({
        error: {
          code: 'validation_error',
          message: 'm',
          details: [{ path: 'flow.tasks[0].name', message: 'is required' }],
        },
      }),
    ).toBe(true);
    expect(error({ message: 'not our shape' })).toBe(false);
  });

  it('documents 409 where a start, stop, redrive, save or callback can conflict', () => {
    const conflicts = operations
      .filter((o) => '409' in o.operation.responses)
      .map((o) => o.key)
      .sort();
    expect(conflicts).toEqual(
      [
        'POST /api/v1/flows/execute',
        'POST /api/v1/flows/executions/{execution_id}/stop',
        'POST /api/v1/flows/executions/{execution_id}/redrive',
        'PUT /api/v1/flows/{flow_id}',
        'POST /api/v1/flows/{flow_id}/executions',
        'POST /flow/execute',
        'POST /api/v1/flows/callbacks/success',
        'POST /api/v1/flows/callbacks/failure',
        'POST /api/v1/flows/callbacks/heartbeat',
      ].sort(),
    );
  });

  it('describes request bodies with the validation schemas: the sample flows pass both', () => {
    let checked = 0;
    for (const { key, operation } of operations) {
      const content = operation.requestBody?.content['application/json'];
      if (!content?.examples) continue;
      const ref: string | undefined = content.schema.$ref;
      const validate = ref ? ajv.compile({ $ref: `openapi.json${ref}` }) : ajv.compile(content.schema);
      for (const [name, example] of Object.entries<any>(content.examples)) {
        expect([key, name, validate(example.value), validate.errors ?? null]).toEqual([key, name, true, null]);
        // Flows are validated by flow-validation.ts; a saved flow's body is the flow without input.
        if (ref === '#/components/schemas/ExecuteRequest' || ref === '#/components/schemas/FlowRequest') {
          expect(() => parseFlowRequest(example.value, defaultRegistry())).not.toThrow();
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('refuses, in the generated schema, what the validation refuses by structure', () => {
    const validate = schemaAt('#/components/schemas/FlowRequest');
    expect(validate({ flow: { id: 'f', name: 'n', start_task: 'a', tasks: [{ name: 'a' }], conditions: [] } })).toBe(
      true,
    );
    expect(
      validate({ flow: { id: 'f', name: 'n', start_task: 'a', tasks: [{ name: 'a', tpyo: 1 }], conditions: [] } }),
    ).toBe(false);
    expect(validate({ flow: { id: 'f', name: 'n', start_task: 'a', tasks: [], conditions: [] } })).toBe(false);
  });
});

describe('the reference page', () => {
  it('loads only its own files, each one the docs function serves', () => {
    const sources = [...docsPage('/docs').matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url!);
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const url of sources) {
      expect(url).not.toMatch(/^(?:[a-z]+:)?\/\//i);
      expect(Object.keys(DOCS_ASSET_TYPES)).toContain(url.replace(/^\/docs\//, ''));
    }
    expect(DOCS_INIT_SCRIPT).toContain("getAttribute('data-spec')");
    expect(DOCS_INIT_SCRIPT).not.toMatch(/https?:/);
  });

  it('addresses its files and the document from the path it was asked by: a stage prefix, a trailing slash', () => {
    const addresses = (path: string | undefined) =>
      [...docsPage(path).matchAll(/(?:src|href|data-spec)="([^"]+)"/g)].map(([, url]) => url!);
    expect(addresses('/docs')).toContain('/docs/swagger-ui.css');
    expect(addresses('/docs')).toContain('/openapi.json');
    expect(addresses('/docs/')).toEqual(addresses('/docs'));
    expect(addresses('/prod/docs/')).toEqual(
      expect.arrayContaining(['/prod/docs/swagger-ui-bundle.js', '/prod/openapi.json']),
    );
    expect(addresses('/docs/"><script>')).toEqual(addresses('/docs'));
    expect(addresses(undefined)).toEqual(addresses('/docs'));
  });
});
