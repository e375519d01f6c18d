import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { HttpApp } from '../../src/core/module.js';
import { createHttpApp } from '../../src/runtime.js';
import { createTestRuntime, type TestRuntime, type TestRuntimeOptions } from '../../test/helpers/runtime.js';

/** Debian's Chromium: `npx playwright install` cannot download browsers here. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The WCAG 2.1 A and AA rules; every page a journey visits must pass all of them. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Contexts opened with JavaScript off; `expectNoAxeViolations` checks their pages differently. */
const scriptlessContexts = new WeakSet<BrowserContext>();

export interface BrowserHarness {
  /** Where the app listens, e.g. http://localhost:41234 (no trailing slash). */
  baseUrl: string;
  runtime: TestRuntime;
  app: HttpApp;
  browser: Browser;
  /** A page in the default context (JavaScript on, German browser language). */
  page: Page;
  /** A fresh, isolated context (own cookies) against the app; closed by `close()`. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A fresh page whose context runs without JavaScript, like a browser with scripts blocked. */
  newPageWithoutJavaScript(options?: BrowserContextOptions): Promise<Page>;
  /** Closes the browser, the server and the database. */
  close(): Promise<void>;
}

/**
 * Starts the real app on a free port with a fresh database, and a headless Chromium pointed at it.
 * The base URL uses "localhost", not 127.0.0.1: Chromium treats localhost as a secure context,
 * so the app's Secure cookies (language, CSRF) are kept over plain http.
 */
export async function startBrowserHarness(options: TestRuntimeOptions = {}): Promise<BrowserHarness> {
  const runtime = await createTestRuntime(options);
  const app = await createHttpApp(runtime);
  let browser: Browser | undefined;
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the test server has no TCP address');
    const baseUrl = `http://localhost:${address.port}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const launched = browser;
    const defaults: BrowserContextOptions = { baseURL: baseUrl, locale: 'de-DE' };
    const contexts: BrowserContext[] = [];
    const newContext = async (extra: BrowserContextOptions = {}) => {
      const context = await launched.newContext({ ...defaults, ...extra });
      // CI runs these on two shared cores next to argon2 and PDF rendering: wait generously.
      context.setDefaultTimeout(30_000);
      contexts.push(context);
      if (extra.javaScriptEnabled === false) scriptlessContexts.add(context);
      return context;
    };
    const page = await (await newContext()).newPage();
    return {
      baseUrl,
      runtime,
      app,
      browser: launched,
      page,
      newContext,
      async newPageWithoutJavaScript(extra = {}) {
        return (await newContext({ ...extra, javaScriptEnabled: false })).newPage();
      },
      async close() {
        for (const context of contexts) await context.close();
        await launched.close();
        await app.close();
        await runtime.dispose();
      },
    };
  } catch (error) {
    await browser?.close();
    await app.close();
    await runtime.dispose();
    throw error;
  }
}

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
type AxeViolation = AxeResults['violations'][number];

/** axe's summaries are indented lists ("Fix any of the following:\n  A\n  B"); keep one line per element. */
function oneLine(summary: string): string {
  return summary
    .trim()
    .replace(/:\n\s*/g, ': ')
    .replace(/\n\s*/g, '; ');
}

function describeViolations(url: string, violations: AxeViolation[]): string {
  const lines = violations.flatMap((violation) => [
    `- ${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help}`,
    `  ${violation.helpUrl}`,
    ...violation.nodes.map((node) => `    at ${node.target.join(' ')}: ${oneLine(node.failureSummary ?? '')}`),
  ]);
  return `${violations.length} accessibility violation(s) (WCAG 2.1 A/AA) on ${url}:\n${lines.join('\n')}`;
}

function analyze(page: Page): Promise<AxeResults> {
  return new AxeBuilder({ page }).withTags(wcagTags).analyze();
}

/**
 * Axe cannot run in a page without JavaScript: its timers never fire and `analyze()` never returns.
 * So it checks a copy: the page's current DOM served at the same URL (so styles load the same way)
 * in a context with JavaScript, where the page's own scripts are blocked. One difference remains:
 * with scripting on, the copy does not render `<noscript>` content.
 */
async function analyzeScriptlessPage(page: Page): Promise<AxeResults> {
  const html = await page.content();
  const url = page.url();
  const browser = page.context().browser();
  if (!browser) throw new Error('cannot check a page that belongs to no browser');
  const context = await browser.newContext();
  try {
    const copy = await context.newPage();
    await copy.route('**/*', (route) => {
      const request = route.request();
      if (request.isNavigationRequest() && request.url() === url) {
        return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
      }
      return request.resourceType() === 'script' ? route.abort() : route.continue();
    });
    await copy.goto(url);
    return await analyze(copy);
  } finally {
    await context.close();
  }
}

const axeTimeoutMs = 30_000;

/** Runs axe with the WCAG 2.1 A/AA rules on the current page; throws a readable list if any fail. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const running = scriptlessContexts.has(page.context()) ? analyzeScriptlessPage(page) : analyze(page);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`axe did not finish within ${axeTimeoutMs / 1000} s on ${page.url()}`)), axeTimeoutMs);
  });
  try {
    const results = await Promise.race([running, timeout]);
    if (results.violations.length > 0) throw new Error(describeViolations(page.url(), results.violations));
  } finally {
    clearTimeout(timer);
  }
}
