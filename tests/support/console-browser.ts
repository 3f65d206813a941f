import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { stackEnv } from './stack-env';

/** A console test's browser: a fresh page per test, what its scripts threw, every URL it asked for. */
export interface ConsoleBrowser {
  /** The file's Chromium, for a test that needs a second session of its own. */
  readonly browser: Browser;
  /** This test's page (a new context each test, so no key or state carries over). */
  readonly page: Page;
  readonly pageErrors: string[];
  readonly requested: string[];
  /** Opens the console at `hash` and enters the stack's API key. */
  openConsole(hash?: string): Promise<void>;
}

/**
 * Registers the hooks of a console test file: one Chromium for the file, a new context and page
 * for each test at a laptop's viewport. Call it at the top of the file, before other hooks that
 * use the page.
 */
export function consoleBrowser(): ConsoleBrowser {
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];
  const requested: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('request', (request) => requested.push(request.url()));
  });
  afterEach(async () => {
    await context?.close();
  });
  const current = (): Page => {
    if (!page) throw new Error('no page: use the console browser inside a test');
    return page;
  };
  return {
    get browser() {
      return browser;
    },
    get page() {
      return current();
    },
    pageErrors,
    requested,
    async openConsole(hash = '') {
      const p = current();
      await p.goto(`${stackEnv('FLOW_TEST_API_URL')}/console${hash}`);
      await p.fill('#api-key', stackEnv('FLOW_TEST_API_KEY'));
      await p.click('button[type=submit]');
      await p.waitForSelector('header.top');
    },
  };
}
