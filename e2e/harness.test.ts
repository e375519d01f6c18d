import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './helpers/browser.js';

/** The accessibility gate must fail loudly, or every "zero violations" test means nothing. */
describe('browser harness', () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it('reports axe violations with rule, help link and element', async () => {
    const page = await (await harness.newContext()).newPage();
    await page.setContent('<!doctype html><html><head><title>x</title></head><body><main><img src="/x.png"></main></body></html>');
    await assert.rejects(expectNoAxeViolations(page), (error: Error) => {
      assert.match(error.message, /image-alt \(critical\)/);
      assert.match(error.message, /https:\/\/dequeuniversity\.com\/rules\/axe\//);
      assert.match(error.message, /at img:/);
      assert.match(error.message, /html-has-lang/);
      return true;
    });
  });

  it('checks pages without JavaScript too, on their current DOM', async () => {
    const page = await harness.newPageWithoutJavaScript();
    await page.route('**/bad-page', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="de"><head><title>x</title></head><body><main><h1>x</h1><a href="/"></a></main></body></html>' }),
    );
    await page.goto('/bad-page');
    await assert.rejects(expectNoAxeViolations(page), /link-name \(serious\)/);
    await page.goto('/');
    await expectNoAxeViolations(page);
  });

  it('serves the app at a localhost base URL that keeps Secure cookies', async () => {
    assert.match(harness.baseUrl, /^http:\/\/localhost:\d+$/);
    const context = await harness.newContext();
    const page = await context.newPage();
    await page.goto('/?lang=en');
    const cookies = await context.cookies(harness.baseUrl);
    assert.deepEqual(
      cookies.filter((cookie) => cookie.name === 'lang').map((cookie) => [cookie.value, cookie.secure]),
      [['en', true]],
    );
  });
});
