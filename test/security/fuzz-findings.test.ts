import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { useTestApp } from '../helpers/runtime.js';
import { seedSecurityFixture, type SecurityFixture } from './fixture.js';

/** The 500s the fuzz test found, each kept as the request that found it. */
describe('requests the fuzz test found answered with 500', () => {
  let app: HttpApp;
  let fixture: SecurityFixture;
  useTestApp(async (opened) => {
    app = opened.app;
    fixture = await seedSecurityFixture(app, opened.runtime);
  });

  const boundary = 'fuzzBoundary7MA4YWxkTrZu0gW';
  const asOwner = async (method: 'POST', url: string, payload: string) => {
    const credentials = await fixture.owner.headers();
    const headers = {
      ...credentials,
      cookie: `${credentials.cookie}; ${fixture.csrf.cookie}`,
      'x-csrf-token': fixture.csrf.token,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    };
    return app.inject({ method, url, headers, payload });
  };

  it('refuses a multipart part without a name in a Postfach reply as malformed (400), on the API and on the page', async () => {
    const nameless = `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${boundary}--\r\n`;
    const api = await asOwner('POST', `/api/v1/applications/${fixture.params.applicationId}/messages`, nameless);
    assert.equal(api.statusCode, 400);
    assert.equal(api.json().errors[0].code, 'error.malformedMultipart');
    const page = await asOwner('POST', `/antraege/${fixture.params.applicationId}/nachrichten`, nameless);
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /beschädigt angekommen/);
  });

  it('answers a submit form sent as multipart with the check page asking for the declaration (422)', async () => {
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="declaration"\r\n\r\nyes\r\n--${boundary}--\r\n`;
    const page = await asOwner('POST', `/antraege/${fixture.params.draftId}/absenden`, form);
    assert.equal(page.statusCode, 422);
  });
});
