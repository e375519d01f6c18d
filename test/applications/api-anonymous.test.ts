import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { hashResumeToken } from '../../src/modules/applications/service.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { sampleNotification } from '../procedures/bohranzeige-sample.js';
import { applicationTestModules, multipartBody, publishAnonymousVariant, tinyPdf } from './helpers.js';

describe('applications API without an account (anonymous procedure)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      await publishAnonymousVariant(runtime);
    },
    { modules: applicationTestModules },
  );

  async function start(data?: Record<string, unknown>): Promise<{ id: string; token: string }> {
    const created = await app.inject({ method: 'POST', url: '/api/v1/applications', payload: { procedure: 'bohranzeige', ...(data ? { data } : {}) } });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers['cache-control'], 'no-store');
    return { id: created.json().id, token: created.json().draftToken };
  }

  const draftCall = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Draft ${token}` }, ...(payload ? { payload } : {}) });

  it('creates a draft that answers with its token once, then updates, uploads, validates and submits with the token', async () => {
    const { id, token } = await start({ applicantName: 'Ohne Konto GmbH' });
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    const row = await runtime.ctx.db.selectFrom('applications').select(['owner_account_id', 'resume_token_hash']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.owner_account_id, null);
    assert.equal(row.resume_token_hash, hashResumeToken(token), 'only the hash is kept');

    const read = await draftCall(token, 'GET', `/api/v1/applications/${id}`);
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json().data.applicantName, 'Ohne Konto GmbH');
    assert.equal(read.json().draftToken, undefined, 'the token is handed out only when the draft is created');
    const patched = await draftCall(token, 'PATCH', `/api/v1/applications/${id}`, { data: sampleNotification({ applicantName: undefined }) });
    assert.equal(patched.statusCode, 200, patched.body);
    const file = multipartBody([], [{ field: 'file', name: 'lageplan.pdf', type: 'application/pdf', bytes: tinyPdf }]);
    const uploaded = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/attachments?field=/sitePlan`,
      headers: { authorization: `Draft ${token}`, 'content-type': file.contentType },
      payload: file.payload,
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const validation = await draftCall(token, 'POST', `/api/v1/applications/${id}/validate`);
    assert.equal(validation.json().valid, true, validation.body);
    const submitted = await app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: { authorization: `Draft ${token}`, 'idempotency-key': 'anon-1' } });
    assert.equal(submitted.statusCode, 201, submitted.body);
    assert.match(submitted.json().reference, /^SN-\d{4}-/);
    const again = await app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: { authorization: `Draft ${token}`, 'idempotency-key': 'anon-1' } });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().repeated, true);
    assert.equal((await draftCall(token, 'GET', `/api/v1/applications/${id}`)).json().status, 'submitted');
    assert.equal((await draftCall(token, 'GET', `/api/v1/applications/${id}/messages`)).statusCode, 200);
  });

  it('answers misuse with problem+json: no token, a wrong or foreign token, a malformed header, replies without an account', async () => {
    const first = await start();
    const second = await start();
    const problems = [
      await app.inject({ method: 'GET', url: `/api/v1/applications/${first.id}` }),
      await draftCall('A'.repeat(43), 'GET', `/api/v1/applications/${first.id}`),
      await draftCall(second.token, 'PATCH', `/api/v1/applications/${first.id}`, { data: { applicantName: 'Fremd' } }),
      await app.inject({ method: 'GET', url: `/api/v1/applications/${first.id}`, headers: { authorization: `Draft ${first.token} extra` } }),
      await app.inject({ method: 'GET', url: `/api/v1/applications/${first.id}`, headers: { authorization: `Bearer ${first.token}` } }),
    ];
    for (const response of problems) {
      assert.equal(response.statusCode, 404, response.body);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      assert.equal(response.json().type, '/problems/applications.notFound');
    }
    assert.equal((await draftCall(first.token, 'GET', `/api/v1/applications/${first.id}`)).json().data.applicantName, undefined, 'the foreign PATCH changed nothing');
    const unknownField = await draftCall(first.token, 'PATCH', `/api/v1/applications/${first.id}`, { data: { nope: 1 } });
    assert.equal(unknownField.statusCode, 422);
    assert.equal(unknownField.json().errors[0].pointer, '/nope');
    const early = await draftCall(first.token, 'POST', `/api/v1/applications/${first.id}/submit`);
    assert.equal(early.statusCode, 422);
    assert.ok(early.json().errors.some((e: { pointer: string }) => e.pointer === '/applicantName'));
    const reply = await draftCall(first.token, 'POST', `/api/v1/applications/${first.id}/messages`, { body: 'Hallo' });
    assert.equal(reply.statusCode, 403);
    assert.match(String(reply.headers['content-type']), /application\/problem\+json/);
  });

  it('continues a draft started through the API in the browser with the same token (the secret link)', async () => {
    const { id, token } = await start({ applicantName: 'Im Browser weiter' });
    const resumed = await app.inject({ method: 'GET', url: `/antraege/${id}/fortsetzen/${token}` });
    assert.equal(resumed.statusCode, 303, resumed.body);
    assert.match(String(resumed.headers.location), new RegExp(`^/antraege/${id}/seite/`));
  });
  it('limits drafts without an account per client network (60 in 10 minutes), and answers 429 with the seconds to wait', async () => {
    const startFrom = (remoteAddress: string) => app.inject({ method: 'POST', url: '/api/v1/applications', remoteAddress, payload: { procedure: 'bohranzeige' } });
    for (let i = 0; i < 60; i += 1) assert.equal((await startFrom('203.0.113.7')).statusCode, 201);
    const refused = await startFrom('203.0.113.7');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.ok(Number(refused.headers['retry-after']) > 0 && Number(refused.headers['retry-after']) <= 600, `retry-after ${refused.headers['retry-after']}`);
    assert.equal((await startFrom('198.51.100.20')).statusCode, 201, 'another client is not affected');
    runtime.clock.advance(10 * 60_000);
    assert.equal((await startFrom('203.0.113.7')).statusCode, 201, 'a new window begins');
  });
});
