import Ajv2020 from 'ajv/dist/2020';
import { ROUTES } from '../../src/http/routes';
import { api } from '../support/http';
import { stackEnv } from '../support/stack-env';

/** A plain GET without any key, as a browser opening the page would send it. */
const get = (path: string) => fetch(`${stackEnv('FLOW_TEST_API_URL')}${path}`);

describe('API reference on the local stack', () => {
  it('serves the OpenAPI document without a key, describing every route', async () => {
    const res = await get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('documents the answers the API really gives', async () => {
    const doc = (await (await get('/openapi.json')).json()) as any;
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'openapi.json', components: doc.components });
    const schemaOf = (path: string, method: string, status: number) => {
      const schema = doc.paths[path][method].responses[status].content['application/json'].schema;
      return ajv.compile(schema.$ref ? { $ref: `openapi.json${schema.$ref}` } : schema);
    };
    const health = await api('GET', '/health', { auth: false });
    const validHealth = schemaOf('/health', 'get', 200);
    expect([validHealth(health.body), validHealth.errors ?? null]).toEqual([true, null]);
    const missing = await api('GET', '/api/v1/flows/executions/no-such-execution');
    expect(missing.status).toBe(404);
    const validError = schemaOf('/api/v1/flows/executions/{execution_id}', 'get', 404);
    expect([validError(missing.body), validError.errors ?? null]).toEqual([true, null]);
  });

  it('serves Swagger UI at /docs from its own files only', async () => {
    const page = await get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url!);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) expect(url).not.toMatch(/^(?:[a-z]+:)?\/\//i);
    for (const url of urls) {
      const asset = await get(url);
      expect([url, asset.status]).toEqual([url, 200]);
      expect([url, asset.headers.get('content-type')]).toEqual([
        url,
        expect.stringMatching(url.endsWith('.css') ? /^text\/css/ : /^application\/javascript/),
      ]);
      expect((await asset.text()).length).toBeGreaterThan(url.endsWith('docs-init.js') ? 100 : 10_000);
    }
    const bundle = await (await get('/docs/swagger-ui-bundle.js')).text();
    expect(bundle).toContain('SwaggerUIBundle');
    expect(html).toContain('data-spec="/openapi.json"');
  });

  it('serves the same page at /docs/, with a trailing slash', async () => {
    const page = await get('/docs/');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(await (await get('/docs')).text());
  });

  it('answers 404 for a file the page does not have, and 401 for other methods without a key', async () => {
    const missing = await get('/docs/secrets.txt');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error.code).toBe('not_found');
    expect((await api('POST', '/openapi.json', { auth: false })).status).toBe(401);
  });
});
