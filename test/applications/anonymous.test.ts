import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import { getApplication, startApplication, updateDraft } from '../../src/modules/applications/service.js';
import { Agent } from '../identity/helpers.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { applicationTestModules, publishAnonymousVariant, tenantId } from './helpers.js';

describe('drafts of anonymous procedures', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      await publishAnonymousVariant(runtime);
    },
    { modules: applicationTestModules },
  );

  it('belong to whoever holds the resume token, and to nobody else', async () => {
    const anonymous = { kind: 'anonymous' as const, tenantId: await tenantId(runtime) };
    const draft = await startApplication(runtime.ctx, anonymous, 'bohranzeige');
    assert.ok(draft.resumeToken && draft.resumeToken.length >= 40);
    assert.notEqual(draft.resumeTokenHash, draft.resumeToken, 'only the hash is kept');
    await assert.rejects(getApplication(runtime.ctx, anonymous, draft.id), NotFoundError);
    await assert.rejects(getApplication(runtime.ctx, { ...anonymous, draftToken: 'x'.repeat(43) }, draft.id), NotFoundError);
    const holder = { ...anonymous, draftToken: draft.resumeToken };
    await updateDraft(runtime.ctx, holder, draft.id, { data: { applicantName: 'Ohne Konto' }, strict: true });
    assert.equal((await getApplication(runtime.ctx, holder, draft.id)).data.applicantName, 'Ohne Konto');
  });

  it('start without an account, save, and resume in another browser with the mailed link', async () => {
    const first = new Agent(app);
    const started = await first.post('/antrag/bohranzeige', {});
    assert.equal(started.statusCode, 303, started.body);
    const page = String(started.headers.location);
    const id = /\/antraege\/([0-9a-f-]{36})\//.exec(page)![1]!;
    assert.equal((await first.get(page)).statusCode, 200, 'the draft cookie opens the page');
    const saved = await first.post(page, { applicantName: 'Anna Anonym', email: 'anna@example.org', _action: 'save' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/antraege/${id}/gespeichert?gesendet=1`);
    const savedPage = await first.get(String(saved.headers.location));
    const link = /class="kern-link aw-resume-link" href="([^"]+)"/.exec(savedPage.body)![1]!;
    const mail = (await runtime.ctx.db.selectFrom('outbox_jobs').select('payload').where('type', '=', 'mail.send').execute())
      .map((j) => JSON.parse(j.payload) as { to: string; text: string })
      .find((m) => m.to === 'anna@example.org');
    assert.ok(mail?.text.includes(link), 'the same link by mail');

    const stranger = new Agent(app);
    assert.equal((await stranger.get(page)).statusCode, 303, 'without the token: sign in');
    const resumed = await stranger.get(new URL(link).pathname);
    assert.equal(resumed.statusCode, 303);
    assert.equal(resumed.headers.location, `/antraege/${id}/seite/applicant`);
    const again = await stranger.get(String(resumed.headers.location));
    assert.ok(again.body.includes('value="Anna Anonym"'));
    const wrong = await new Agent(app).get(`/antraege/${id}/fortsetzen/${'A'.repeat(43)}`);
    assert.equal(wrong.statusCode, 404);
  });
  it('counts page starts with API starts per client network: beyond the limit the page says how long to wait', async () => {
    const address = '192.0.2.9';
    for (let i = 0; i < 60; i += 1)
      assert.equal((await app.inject({ method: 'POST', url: '/api/v1/applications', remoteAddress: address, payload: { procedure: 'bohranzeige' } })).statusCode, 201);
    const refused = await new Agent(app, {}, address).post('/antrag/bohranzeige', {});
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.match(refused.body, /Bitte warten Sie/);
    assert.equal((await new Agent(app).post('/antrag/bohranzeige', {})).statusCode, 303, 'another client starts as before');
  });
});
