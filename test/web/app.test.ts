import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { createTestApp, useTestApp, type TestRuntime } from '../helpers/runtime.js';

describe('HTTP baseline', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp((opened) => ({ app, runtime } = opened));

  it('reports health with the database engine', async () => {
    const response = await app.inject('/healthz');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      status: 'ok',
      database: process.env.TEST_DATABASE_URL ? 'postgresql' : 'sqlite',
    });
  });

  it('serves the home page in German by default, in English on request', async () => {
    const german = await app.inject('/');
    assert.equal(german.statusCode, 200);
    assert.match(german.headers['content-type'] as string, /text\/html/);
    assert.match(german.body, /<html lang="de">/);
    assert.match(german.body, /Zum Inhalt springen/);
    const english = await app.inject({ url: '/', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    assert.match(english.body, /<html lang="en">/);
    assert.match(english.body, /Skip to content/);
  });

  it('remembers the language chosen with the switch in a cookie', async () => {
    const switched = await app.inject('/?lang=en');
    assert.match(switched.body, /<html lang="en">/);
    const cookie = switched.cookies.find((c) => c.name === 'lang');
    assert.equal(cookie?.value, 'en');
    const next = await app.inject({ url: '/impressum', cookies: { lang: 'en' } });
    assert.match(next.body, /Legal notice/);
  });

  it('links the other language on our own origin, whatever the request target', async () => {
    for (const target of ['//%5Cevil.example', '//evil.example/impressum', '/\\evil.example']) {
      const page = await app.inject(target);
      assert.ok(page.statusCode < 500, `${target}: ${page.statusCode}`);
      const href = /href="([^"]*lang=en[^"]*)"/.exec(page.body)?.[1];
      assert.match(href ?? '', /^\/[^/\\]/, `${target} → ${href}`);
    }
  });

  it('sends a strict content security policy without unsafe-inline', async () => {
    const response = await app.inject('/');
    const csp = response.headers['content-security-policy'] as string;
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  });

  it('answers unknown pages with a 404 page and unknown API paths with problem+json', async () => {
    const page = await app.inject('/gibt-es-nicht');
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /Seite nicht gefunden/);
    assert.match(page.body, /<footer/);
    const api = await app.inject('/api/nothing');
    assert.equal(api.statusCode, 404);
    assert.match(api.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(api.json().status, 404);
  });

  it('says the message of a refused form once (heading, no second copy below it)', async () => {
    const page = await app.inject({ method: 'POST', url: '/abmelden', payload: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(page.statusCode, 403);
    const message = 'Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und senden Sie es erneut.';
    assert.equal(page.body.split(message).length - 1, 2, 'in the <title> and the heading, not a third time');
    assert.match(page.body, new RegExp(`<h1[^>]*>${message.replace(/\./g, '\\.')}</h1>`));
  });

  it('answers an unreadable JSON body with problem+json naming the whole document', async () => {
    for (const payload of ['{"broken": ', '{"data":{"__proto__":{"admin":true}}}']) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, payload });
      assert.equal(response.statusCode, 400, payload);
      assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
      assert.deepEqual(
        response.json().errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code]),
        [['', 'error.unreadableBody']],
      );
    }
  });

  it('publishes the OpenAPI document', async () => {
    const response = await app.inject('/api/openapi.json');
    assert.equal(response.statusCode, 200);
    const document = response.json();
    assert.equal(document.openapi, '3.1.0');
    assert.ok(
      Object.keys(document.paths).every((path) => path.startsWith('/api/')),
      'pages are not in the API document',
    );
  });

  it('exposes Prometheus metrics', async () => {
    await app.inject('/');
    const response = await app.inject('/metrics');
    assert.match(response.body, /amtsweg_http_request_duration_seconds_bucket\{[^}]*route="\/"/);
    assert.match(response.body, /process_resident_memory_bytes/);
  });

  it('shows the data sources with their licence attribution', async () => {
    const response = await app.inject('/datenquellen');
    assert.match(response.body, /© GeoBasis-DE \/ BKG 2021 \(Daten verändert\)/);
    assert.match(response.body, /CC BY 4\.0/);
  });

  it('answers 503 when the database is gone', async () => {
    const { app: lonely, runtime: gone } = await createTestApp();
    await gone.close();
    const response = await lonely.inject('/healthz');
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().status, 'unavailable');
    await lonely.close();
    await gone.dispose().catch(() => {});
  });
});
