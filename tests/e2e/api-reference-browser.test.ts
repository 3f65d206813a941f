import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser';
import { stackEnv } from '../support/stack-env';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('the interactive API reference in a real browser', () => {
  it('takes the key under Authorize and tries a route with it', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(stackEnv('FLOW_TEST_API_URL'))) elsewhere.push(request.url());
    });
    await page.goto(`${stackEnv('FLOW_TEST_API_URL')}/docs`);
    await page.waitForSelector('.swagger-ui .opblock');
    await page.click('button.authorize');
    await page.fill('.modal-ux input', stackEnv('FLOW_TEST_API_KEY'));
    await page.click('.modal-ux button.authorize');
    await page.click('.modal-ux button.btn-done');

    const operation = page.locator('#operations-executions-listExecutions');
    await operation.click();
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table .response .response-col_status');
    await status.waitFor();
    expect((await status.innerText()).trim()).toBe('200');
    expect(await operation.locator('.live-responses-table .response .response-col_description').innerText()).toContain(
      '"executions"',
    );
    await screenshot(page, 'docs-try-it');
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
