import { NotFoundError } from '../../src/domain/errors';
import { CONSOLE_ASSETS } from '../../src/http/console/console-assets';
import {
  CONSOLE_ASSET_TYPES,
  CONSOLE_SECURITY_HEADERS,
  consolePage,
  isConsoleAsset,
  siteAnswer,
} from '../../src/http/console/console-page';
import { httpHandler, type HttpResponse } from '../../src/http/http-handler';

/**
 * GET /console and GET /console/{asset} (public): the web console; it asks for the key itself.
 * Also GET / (a redirect to the console) and GET /favicon.ico (no content), public as well.
 */
export const handler = httpHandler(
  'GET /console',
  async ({ event }): Promise<HttpResponse> => {
    const site = siteAnswer(event.rawPath);
    if (site?.status === 204) return { status: 204, text: '', headers: { 'cache-control': 'public, max-age=86400' } };
    if (site) return { status: 302, text: '', headers: { location: site.location, 'cache-control': 'no-cache' } };
    const asset = event.pathParameters?.asset;
    if (asset === undefined || asset === '') {
      return {
        status: 200,
        text: consolePage(event.rawPath),
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-cache',
          ...CONSOLE_SECURITY_HEADERS,
        },
      };
    }
    if (!isConsoleAsset(asset)) throw new NotFoundError(`no file ${asset} in /console`);
    return {
      status: 200,
      text: CONSOLE_ASSETS[asset],
      headers: { 'content-type': CONSOLE_ASSET_TYPES[asset], 'cache-control': 'no-cache', ...CONSOLE_SECURITY_HEADERS },
    };
  },
  { public: true },
);
