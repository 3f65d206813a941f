/**
 * The web console's page at /console: one HTML shell, one script and one style sheet, served by
 * the console function (console-assets.ts), never from a CDN.
 */
export const CONSOLE_ASSET_TYPES = {
  'console.js': 'application/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
} as const;

export type ConsoleAsset = keyof typeof CONSOLE_ASSET_TYPES;

export const isConsoleAsset = (name: string): name is ConsoleAsset => Object.hasOwn(CONSOLE_ASSET_TYPES, name);

// The key lives in sessionStorage and goes out only in the Authorization header: no referrer
// leaks a URL, and no third-party script or style can run (the policy allows our own files only).
export const CONSOLE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

/**
 * The page, its files addressed from the path it was asked by, so that it works wherever the API
 * is mounted (`/console`, `/prod/console`) and with a trailing slash. A path with anything but
 * plain URL characters falls back to `/console`.
 */
export function consolePage(requestPath: string | undefined): string {
  const path = requestPath && /^[A-Za-z0-9/_.~-]+$/.test(requestPath) ? requestPath.replace(/\/+$/, '') : '/console';
  return CONSOLE_PAGE.replaceAll('href="console/', `href="${path}/`).replaceAll('src="console/', `src="${path}/`);
}

/**
 * What the console function answers for the site's root and for the browser's own icon request:
 * the root leads to the console (a first visit to the API's address lands somewhere useful, not on
 * a 401), the icon is answered with no content. Both are public, so the authorizer is never asked
 * for a key the browser cannot have sent. `undefined`: neither, the console's own paths.
 */
export function siteAnswer(
  requestPath: string | undefined,
): { status: 302; location: string } | { status: 204 } | undefined {
  const path = requestPath ?? '/';
  if (path.endsWith('/favicon.ico')) return { status: 204 };
  if (/\/console(\/.*)?$/.test(path)) return undefined;
  // `/` or a stage's root (`/prod/`): the console below it; a path with markup characters gets `/console`.
  const root = /^[A-Za-z0-9/_.~-]+$/.test(path) ? path.replace(/\/+$/, '') : '';
  return { status: 302, location: `${root}/console` };
}

const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Flow Manager console</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="console/console.css">
  </head>
  <body>
    <div id="app"><p class="loading">Loading the console…</p></div>
    <script src="console/console.js"></script>
  </body>
</html>
`;
