/**
 * The interactive reference at /docs: Swagger UI from the swagger-ui-dist package, served by our
 * own function (docs-assets.ts), never from a CDN. Paths are relative, so the page works wherever
 * the API is mounted: from /docs, `docs/…` is /docs/… and `openapi.json` is /openapi.json.
 */
export const DOCS_ASSET_TYPES = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'docs-init.js': 'application/javascript; charset=utf-8',
} as const;

export type DocsAsset = keyof typeof DOCS_ASSET_TYPES;

export const isDocsAsset = (name: string): name is DocsAsset => Object.hasOwn(DOCS_ASSET_TYPES, name);

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Flow Manager API</title>
    <link rel="stylesheet" href="docs/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/swagger-ui-bundle.js"></script>
    <script src="docs/swagger-ui-standalone-preset.js"></script>
    <script src="docs/docs-init.js"></script>
  </body>
</html>
`;

/**
 * Starts Swagger UI on our document. The key pasted under Authorize stays in the page (not in
 * local storage), so closing the tab forgets it.
 */
export const DOCS_INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: 'openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;
