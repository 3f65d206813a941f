import { consolePage, siteAnswer } from '../../src/http/console/console-page';

const assetUrls = (html: string) =>
  [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((url) => url !== 'data:,');

describe("the console page's addresses", () => {
  it('addresses its files from the path it was asked by, wherever the API is mounted', () => {
    expect(assetUrls(consolePage('/console'))).toEqual(['/console/console.css', '/console/console.js']);
    expect(assetUrls(consolePage('/console/'))).toEqual(['/console/console.css', '/console/console.js']);
    expect(assetUrls(consolePage('/prod/console'))).toEqual(['/prod/console/console.css', '/prod/console/console.js']);
  });

  it('never writes a path with markup characters into the page', () => {
    for (const path of ['/console"><script>alert(1)</script>', "/con'sole", undefined]) {
      expect(assetUrls(consolePage(path))).toEqual(['/console/console.css', '/console/console.js']);
    }
  });
});

describe('the site root and the icon request', () => {
  it('sends the root to the console, below a stage path too', () => {
    expect(siteAnswer('/')).toEqual({ status: 302, location: '/console' });
    expect(siteAnswer(undefined)).toEqual({ status: 302, location: '/console' });
    expect(siteAnswer('/prod/')).toEqual({ status: 302, location: '/prod/console' });
    expect(siteAnswer('/"><script>')).toEqual({ status: 302, location: '/console' });
  });

  it('answers the icon request with no content, and leaves the console paths to the console', () => {
    expect(siteAnswer('/favicon.ico')).toEqual({ status: 204 });
    expect(siteAnswer('/console')).toBeUndefined();
    expect(siteAnswer('/console/')).toBeUndefined();
    expect(siteAnswer('/prod/console/console.js')).toBeUndefined();
  });
});
