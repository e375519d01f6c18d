import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { createTestApp, useTestApp, type TestRuntime } from '../helpers/runtime.js';

const securityHeaderNames = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

describe('page shell', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp((opened) => ({ app, runtime } = opened));

  it('sends the security headers on pages, error pages and static files, HSTS only over https', async () => {
    for (const url of ['/', '/gibt-es-nicht', '/assets/amtsweg.css']) {
      const response = await app.inject(url);
      for (const name of securityHeaderNames) assert.ok(response.headers[name], `${name} on ${url}`);
      assert.equal(response.headers['strict-transport-security'], undefined, url);
    }
    const page = await app.inject('/');
    assert.equal(page.headers['x-frame-options'], 'SAMEORIGIN');
    assert.match(page.headers['content-security-policy'] as string, /frame-ancestors 'none'/);
    assert.match(page.headers['content-security-policy'] as string, /object-src 'none'/);
  });

  it('answers a repeated visit to the home page with 304 when the browser has the same page', async () => {
    const first = await app.inject('/');
    const etag = first.headers.etag as string;
    assert.match(etag, /^"[\w-]{27}"$/);
    assert.equal(first.headers['cache-control'], 'private, no-cache');
    const again = await app.inject({ url: '/', headers: { 'if-none-match': `W/"other", ${etag}` } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const english = await app.inject({ url: '/', headers: { 'if-none-match': etag, 'accept-language': 'en' } });
    assert.equal(english.statusCode, 200, 'another language is another page');
    assert.match(english.body, /<html lang="en">/);
    assert.notEqual(english.headers.etag, etag);
  });

  it('counts request durations by method, route pattern and status', async () => {
    const before = await app.inject('/metrics');
    const count = (text: string) => Number(/amtsweg_http_request_duration_seconds_count\{method="GET",route="\/impressum",status="200"\} (\d+)/.exec(text)?.[1] ?? 0);
    await app.inject('/impressum?x=personal');
    await app.inject('/impressum');
    const metrics = (await app.inject('/metrics')).body;
    assert.equal(count(metrics) - count(before.body), 2);
    assert.match(metrics, /amtsweg_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/impressum",status="200"\} \d+/);
    assert.doesNotMatch(metrics, /personal/, 'the URL never becomes a label');
  });
});

describe('page shell over https', () => {
  it('sends HSTS when the base URL is https', async () => {
    const { app, runtime } = await createTestApp({ env: { BASE_URL: 'https://portal.example.org' }, modules: [] });
    try {
      const response = await app.inject('/assets/amtsweg.css');
      assert.equal(response.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    } finally {
      await app.close();
      await runtime.dispose();
    }
  });
});
