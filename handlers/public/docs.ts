import { NotFoundError } from '../../src/domain/errors';
import { DOCS_ASSETS } from '../../src/http/docs/docs-assets';
import { DOCS_ASSET_TYPES, docsPage, isDocsAsset } from '../../src/http/docs/swagger-ui-page';
import { httpHandler, type HttpResponse } from '../../src/http/http-handler';

/** GET /docs and GET /docs/{asset} (public): Swagger UI on /openapi.json, from our own files. */
export const handler = httpHandler(
  'GET /docs',
  async ({ event }): Promise<HttpResponse> => {
    const asset = event.pathParameters?.asset;
    if (asset === undefined || asset === '')
      return { status: 200, text: docsPage(event.rawPath), headers: { 'content-type': 'text/html; charset=utf-8' } };
    if (!isDocsAsset(asset)) throw new NotFoundError(`no file ${asset} in /docs`);
    return {
      status: 200,
      text: DOCS_ASSETS[asset],
      headers: { 'content-type': DOCS_ASSET_TYPES[asset], 'cache-control': 'public, max-age=3600' },
    };
  },
  { public: true },
);
