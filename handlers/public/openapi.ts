import { httpHandler } from '../../src/http/http-handler';
import { openApiDocument } from '../../src/http/openapi/document';

/** Built once per instance: it depends on nothing but the code. */
let document: Record<string, unknown> | undefined;

/** GET /openapi.json (public): the API's OpenAPI 3.1 document, generated from the route table and the zod schemas. */
export const handler = httpHandler(
  'GET /openapi.json',
  async () => {
    document ??= openApiDocument();
    return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
  },
  { public: true },
);
