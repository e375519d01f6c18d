import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { HttpApp } from '../../src/core/module.js';
import { createTestApp, useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { sampleNotification } from '../procedures/bohranzeige-sample.js';
import { applicationTestModules, citizen, encodeActor, multipartBody, tenantId, tinyPdf, tinyPng, type Actor } from './helpers.js';

describe('applications API', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let anna: Actor;
  let auth: Record<string, string>;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      anna = citizen(await tenantId(runtime));
      auth = { authorization: `Test ${encodeActor(anna)}` };
    },
    { modules: applicationTestModules },
  );

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { ...auth, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  async function draft(data?: Record<string, unknown>): Promise<string> {
    const response = await call('POST', '/api/v1/applications', { procedure: 'bohranzeige', ...(data ? { data } : {}) });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id as string;
  }

  async function upload(id: string, bytes = tinyPdf, field = '/sitePlan') {
    const body = multipartBody([], [{ field: 'file', name: 'lageplan.pdf', type: 'application/pdf', bytes }]);
    return app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/attachments?field=${field}`,
      headers: { ...auth, 'content-type': body.contentType },
      payload: body.payload,
    });
  }

  it('creates, patches, validates and submits a draft; a retry with the same Idempotency-Key gets the same answer', async () => {
    const id = await draft({ applicantName: 'Wärme & Bohr GmbH' });
    assert.equal((await upload(id)).statusCode, 201);
    const patched = await call('PATCH', `/api/v1/applications/${id}`, { data: sampleNotification({ applicantName: undefined }) });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().application.data.applicantName, 'Wärme & Bohr GmbH', 'merge patch keeps what the patch leaves out');
    assert.deepEqual(patched.json().errors, []);
    const validation = await call('POST', `/api/v1/applications/${id}/validate`);
    assert.equal(validation.json().valid, true);

    const first = await call('POST', `/api/v1/applications/${id}/submit`, undefined, { 'idempotency-key': 'retry-1' });
    assert.equal(first.statusCode, 201, first.body);
    const second = await call('POST', `/api/v1/applications/${id}/submit`, undefined, { 'idempotency-key': 'retry-1' });
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().reference, first.json().reference);
    assert.equal(second.json().repeated, true);
    const stale = await call('POST', `/api/v1/applications/${id}/submit?procedureVersion=2`, undefined, { 'idempotency-key': 'retry-1' });
    assert.equal(stale.statusCode, 200, 'a submitted application answers with what was submitted');
    const other = await call('POST', `/api/v1/applications/${id}/submit`, undefined, { 'idempotency-key': 'another' });
    assert.equal(other.statusCode, 409);

    const status = await call('GET', `/api/v1/applications/${id}`);
    assert.equal(status.json().status, 'submitted');
    assert.equal(status.json().recipients.length, 3);
    assert.equal(status.json().formSchema, '/api/v1/forms/bohranzeige/1/schema.json');
    assert.equal((await app.inject({ method: 'GET', url: status.json().formSchema })).statusCode, 200);
  });

  it('answers bad answers with problem+json and JSON pointers, and saves nothing', async () => {
    const id = await draft();
    const response = await call('PATCH', `/api/v1/applications/${id}`, { data: { applicantAddress: 'Dresden', investigation: { startDate: 'morgen' }, extra: true } });
    assert.equal(response.statusCode, 422);
    assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    assert.deepEqual(
      response
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
      ['/applicantAddress', '/extra', '/investigation/startDate'],
    );
    assert.equal((await call('GET', `/api/v1/applications/${id}`)).json().revision, 1);
    const submit = await call('POST', `/api/v1/applications/${id}/submit`);
    assert.equal(submit.statusCode, 422);
    assert.ok(submit.json().errors.some((e: { pointer: string; detail: string }) => e.pointer === '/applicantName' && e.detail.length > 0));
  });

  it('refuses oversized bodies with 413, stale versions with 409, and anonymous callers with a step-up problem', async () => {
    const id = await draft();
    const huge = await call('PATCH', `/api/v1/applications/${id}`, { data: { applicantName: 'x'.repeat(2 * 1024 * 1024) } });
    assert.equal(huge.statusCode, 413);
    const stale = await call('PATCH', `/api/v1/applications/${id}`, { data: {}, procedureVersion: 7 });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().type, '/problems/applications.staleVersion');
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { authorization: 'Bearer nothing' }, payload: { procedure: 'bohranzeige' } });
    assert.equal(anonymous.statusCode, 403);
    assert.equal(anonymous.json().type, '/problems/applications.stepUpRequired');
    const unknown = await call('POST', '/api/v1/applications', { procedure: 'gibt-es-nicht' });
    assert.equal(unknown.statusCode, 404);
    const otherCitizen = await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: { authorization: `Test ${encodeActor(citizen(anna.tenantId))}` } });
    assert.equal(otherCitizen.statusCode, 404);
  });

  it('uploads attachments as multipart, checked by content', async () => {
    const id = await draft();
    const response = await upload(id);
    assert.equal(response.statusCode, 201, response.body);
    assert.match(response.json().sha256, /^[0-9a-f]{64}$/);
    const refused = await upload(id, Buffer.from('MZ\x90\x00not a pdf at all'));
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().errors[0].pointer, '/sitePlan');
  });

  it('lists and sends Postfach messages', async () => {
    const id = await draft(sampleNotification());
    assert.equal((await upload(id)).statusCode, 201);
    assert.equal((await call('POST', `/api/v1/applications/${id}/messages`, { body: 'Vorab' })).statusCode, 409);
    await call('POST', `/api/v1/applications/${id}/submit`);
    const sent = await call('POST', `/api/v1/applications/${id}/messages`, { body: 'Die Bohrung beginnt eine Woche später.' });
    assert.equal(sent.statusCode, 201, sent.body);
    const list = await call('GET', `/api/v1/applications/${id}/messages`);
    assert.deepEqual(
      list.json().items.map((m: { direction: string }) => m.direction),
      ['in'],
    );

    const withFiles = multipartBody(
      [
        ['subject', 'Nachreichung'],
        ['body', 'Anbei der Lageplan und das Foto.'],
      ],
      [
        { field: 'file', name: 'lageplan.pdf', type: 'application/pdf', bytes: tinyPdf },
        { field: 'file', name: 'foto.png', type: 'image/png', bytes: tinyPng },
      ],
    );
    const sentFiles = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/messages`,
      headers: { ...auth, 'content-type': withFiles.contentType },
      payload: withFiles.payload,
    });
    assert.equal(sentFiles.statusCode, 201, sentFiles.body);
    assert.equal(sentFiles.json().subject, 'Nachreichung');
    assert.deepEqual(
      sentFiles.json().attachments.map((a: { name: string; type: string }) => [a.name, a.type]),
      [
        ['lageplan.pdf', 'application/pdf'],
        ['foto.png', 'image/png'],
      ],
    );
    const download = await app.inject({ method: 'GET', url: `/antraege/${id}/dateien/${sentFiles.json().attachments[0].sha256}`, headers: { 'x-test-actor': encodeActor(anna) } });
    assert.equal(download.statusCode, 200);
    assert.deepEqual(download.rawPayload, tinyPdf, 'the file as sent');

    const lying = multipartBody([['body', 'Eine ausführbare Datei']], [{ field: 'file', name: 'brief.pdf', type: 'application/pdf', bytes: Buffer.from('MZ\x90\x00not a pdf') }]);
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/messages`,
      headers: { ...auth, 'content-type': lying.contentType },
      payload: lying.payload,
    });
    assert.equal(refused.statusCode, 422);
    assert.match(String(refused.headers['content-type']), /application\/problem\+json/);
    assert.equal(refused.json().errors[0].pointer, '/files/0');
    const stray = multipartBody(
      [
        ['body', 'Text'],
        ['priority', 'hoch'],
      ],
      [],
    );
    const unknownPart = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/messages`,
      headers: { ...auth, 'content-type': stray.contentType },
      payload: stray.payload,
    });
    assert.equal(unknownPart.statusCode, 422);
    assert.equal(unknownPart.json().errors[0].pointer, '/priority');
    const noText = multipartBody([], [{ field: 'file', name: 'lageplan.pdf', type: 'application/pdf', bytes: tinyPdf }]);
    const textMissing = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/messages`,
      headers: { ...auth, 'content-type': noText.contentType },
      payload: noText.payload,
    });
    assert.equal(textMissing.statusCode, 422);
    assert.equal(textMissing.json().errors[0].pointer, '/body');
    assert.equal((await call('GET', `/api/v1/applications/${id}/messages`)).json().items.length, 2, 'refused replies store nothing');
  });

  it('publishes the endpoints in the OpenAPI document', async () => {
    // Only this module's routes: the document must build from its schemas alone.
    const modules = applicationTestModules.map((module) => (module.name === 'identity' ? { ...module, routes: undefined } : module));
    const own = await createTestApp({ modules });
    const response = await own.app.inject({ method: 'GET', url: '/api/openapi.json' });
    await own.app.close();
    await own.runtime.dispose();
    assert.equal(response.statusCode, 200, response.body);
    const paths = Object.keys(response.json().paths);
    for (const path of [
      '/api/v1/applications',
      '/api/v1/applications/{id}',
      '/api/v1/applications/{id}/submit',
      '/api/v1/applications/{id}/attachments',
      '/api/v1/applications/{id}/messages',
    ])
      assert.ok(paths.includes(path), path);
    const reply = response.json().paths['/api/v1/applications/{id}/messages'].post;
    assert.deepEqual(Object.keys(reply.requestBody.content).sort(), ['application/json', 'multipart/form-data'], 'replies with files are described');
    assert.ok(response.json().paths['/api/v1/applications'].post.responses['201'].content['application/json'].schema.properties.draftToken, 'the draft token is described');
  });

  it('answers any create body with a draft or field errors: never a 500, never a draft left behind', async () => {
    const count = async () =>
      Number(
        (
          await runtime.ctx.db
            .selectFrom('applications')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const data = fc.dictionary(fc.constantFrom('applicantName', 'applicantAddress', 'investigation', 'boreholes', 'site', 'sitePlan', 'x'), fc.jsonValue({ maxDepth: 3 }), {
      maxKeys: 4,
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(data, fc.jsonValue({ maxDepth: 2 })), async (body) => {
        const before = await count();
        const response = await call('POST', '/api/v1/applications', { procedure: 'bohranzeige', data: body });
        assert.ok([201, 400, 422].includes(response.statusCode), `${response.statusCode} ${response.body}`);
        assert.equal(await count(), before + (response.statusCode === 201 ? 1 : 0));
        if (response.statusCode !== 201) assert.ok(response.json().errors.length > 0);
      }),
      { numRuns: 60 },
    );
  });

  it('answers any PATCH body with a result or field errors: never a 500, never a partial save', async () => {
    const id = await draft();
    const answers = fc.dictionary(
      fc.constantFrom('applicantName', 'applicantKind', 'applicantAddress', 'email', 'site', 'boreholes', 'investigation', 'sitePlan', 'phone', 'unknown'),
      fc.jsonValue({ maxDepth: 3 }),
      { maxKeys: 6 },
    );
    await fc.assert(
      fc.asyncProperty(answers, async (data) => {
        const before = (await call('GET', `/api/v1/applications/${id}`)).json();
        const response = await call('PATCH', `/api/v1/applications/${id}`, { data });
        // A key that could reach an object's prototype is refused by the JSON parser, before any field check.
        const forbiddenKey = /"(__proto__|constructor)":/.test(JSON.stringify(data));
        assert.ok((forbiddenKey ? [400] : [200, 422]).includes(response.statusCode), `${response.statusCode} ${response.body}`);
        const afterward = (await call('GET', `/api/v1/applications/${id}`)).json();
        if (response.statusCode === 400) {
          assert.equal(response.json().errors[0].code, 'error.unreadableBody');
          assert.equal(afterward.revision, before.revision, 'a refused patch changes nothing');
        } else if (response.statusCode === 422) {
          assert.ok(response.json().errors.length > 0);
          assert.equal(afterward.revision, before.revision, 'a refused patch changes nothing');
        } else assert.equal(afterward.revision, before.revision + 1);
      }),
      { numRuns: 60 },
    );
  });
});
