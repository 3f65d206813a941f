/**
 * The interactive reference at /docs: Swagger UI from the swagger-ui-dist package, served by our
 * own function (docs-assets.ts), never from a CDN.
 */
export const DOCS_ASSET_TYPES = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'docs-init.js': 'application/javascript; charset=utf-8',
} as const;

export type DocsAsset = keyof typeof DOCS_ASSET_TYPES;

export const isDocsAsset = (name: string): name is DocsAsset => Object.hasOwn(DOCS_ASSET_TYPES, name);

/**
 * The page, its files and the document addressed from the path it was asked by, so that it works
 * wherever the API is mounted (`/docs`, `/prod/docs`) and with a trailing slash. A path with
 * anything but plain URL characters falls back to `/docs`.
 */
export function docsPage(requestPath: string | undefined): string {
  const path = requestPath && /^[A-Za-z0-9/_.~-]+$/.test(requestPath) ? requestPath.replace(/\/+$/, '') : '/docs';
  const mount = path.replace(/\/docs$/, '');
  return DOCS_PAGE.replaceAll('href="docs/', `href="${path}/`)
    .replaceAll('src="docs/', `src="${path}/`)
    .replace('data-spec="openapi.json"', `data-spec="${mount}/openapi.json"`);
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Flow Manager API</title>
    <link rel="stylesheet" href="docs/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui" data-spec="openapi.json"></div>
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
    url: document.getElementById('swagger-ui').getAttribute('data-spec'),
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;
