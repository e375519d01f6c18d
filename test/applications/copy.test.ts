import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, NotFoundError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import { copiedAnswers, copyApplication } from '../../src/modules/applications/copy.js';
import { currentProcedureVersion } from '../../src/modules/procedures/index.js';
import { regionCheck, startApplication } from '../../src/modules/applications/service.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { submitNotification } from '../cases/helpers.js';
import { sampleNotification } from '../procedures/bohranzeige-sample.js';
import { applicationTestModules, caseWorker, citizen, encodeActor, tenantId, type Actor } from './helpers.js';

describe('a new application as a copy of an earlier one', () => {
  let runtime: TestRuntime;
  let app: HttpApp;
  useTestApp((opened) => ({ runtime, app } = opened), { modules: applicationTestModules, now: new Date('2026-03-02T09:00:00Z') });

  const row = (id: string) => runtime.ctx.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('copies the answers but not the files, into a new draft at the first page', async () => {
    const tenant = await tenantId(runtime);
    const anna = citizen(tenant);
    const sourceId = await submitNotification(runtime, anna);
    const source = await row(sourceId);
    assert.ok(JSON.parse(source.data).sitePlan, 'the earlier application has its site plan');

    const draft = await copyApplication(runtime.ctx, anna, sourceId);
    assert.notEqual(draft.id, sourceId);
    assert.equal(draft.status, 'draft');
    assert.equal(draft.reference, null);
    assert.equal(draft.ownerAccountId, anna.accountId);
    assert.equal(draft.currentPage, 'applicant', 'opens at the first page');
    const expected = sampleNotification();
    assert.equal(draft.data.applicantName, expected.applicantName);
    assert.deepEqual(
      (draft.data.boreholes as Record<string, unknown>[]).map((b) => [b.designation, b.depth]),
      [
        ['B1', 120.5],
        ['B2', 99],
      ],
    );
    assert.deepEqual(draft.data.investigation, expected.investigation);
    assert.equal(draft.data.sitePlan, undefined, 'no file of the earlier application');
    const attachments = await runtime.ctx.db.selectFrom('application_attachments').select('id').where('application_id', '=', draft.id).execute();
    assert.equal(attachments.length, 0);
    const audit = await runtime.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('object_id', '=', draft.id)
      .where('action', '=', 'application.create')
      .executeTakeFirstOrThrow();
    assert.equal(JSON.parse(audit.details).copiedFrom, sourceId);
    assert.equal((await row(sourceId)).data, source.data, 'the earlier application is unchanged');
  });

  it('drops the answers the current form no longer accepts: a start date now past, an unknown code, a removed question', async () => {
    const tenant = await tenantId(runtime);
    const anna = citizen(tenant);
    const sourceId = await submitNotification(runtime, anna);
    runtime.clock.set(new Date('2026-05-04T09:00:00Z')); // the investigation was to start on 06.04.2026
    const draft = await copyApplication(runtime.ctx, anna, sourceId);
    assert.equal((draft.data.investigation as Record<string, unknown>).startDate, undefined, 'a start date must lie ahead');
    assert.equal((draft.data.investigation as Record<string, unknown>).title, 'EWS Einfamilienhaus');

    const version = (await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!;
    const copied = copiedAnswers(
      runtime.ctx,
      await regionCheck(runtime.ctx, tenant),
      version.form,
      sampleNotification({ fluidWgk: '7', oldQuestion: 'weg', sitePlan: [{ id: 'x' }] }),
    );
    assert.equal(copied.fluidWgk, undefined, 'a code the list no longer has');
    assert.equal(copied.oldQuestion, undefined, 'a question the form no longer asks');
    assert.equal(copied.sitePlan, undefined);
    assert.equal(copied.grout, 'ThermoCem Plus');
  });

  it('is only for the applicant, and only for submitted applications', async () => {
    runtime.clock.set(new Date('2026-03-02T09:00:00Z'));
    const tenant = await tenantId(runtime);
    const anna = citizen(tenant);
    const sourceId = await submitNotification(runtime, anna);
    const strangers: Actor[] = [citizen(tenant), caseWorker(tenant, 'some-authority'), { kind: 'anonymous', tenantId: tenant }];
    for (const stranger of strangers) await assert.rejects(copyApplication(runtime.ctx, stranger, sourceId), NotFoundError);
    const draft = await startApplication(runtime.ctx, anna, 'bohranzeige');
    await assert.rejects(copyApplication(runtime.ctx, anna, draft.id), ConflictError);
  });

  it('pages: the button on "Meine Anträge" posts and opens the new draft', async () => {
    runtime.clock.set(new Date('2026-03-02T09:00:00Z'));
    const tenant = await tenantId(runtime);
    const anna = citizen(tenant);
    const as = (actor: Actor, lang = 'de') => ({ authorization: `Test ${encodeActor(actor)}`, 'accept-language': lang });
    const sourceId = await submitNotification(runtime, anna);
    const list = await app.inject({ method: 'GET', url: '/antraege', headers: as(anna) });
    assert.match(
      list.body,
      new RegExp(`<form method="post" action="/antraege/${sourceId}/als-vorlage">[\\s\\S]*?name="_csrf"[\\s\\S]*?Als Vorlage für einen neuen Antrag verwenden`),
    );
    const english = await app.inject({ method: 'GET', url: '/antraege', headers: as(anna, 'en') });
    assert.match(english.body, /Use as a template for a new application/);

    const refused = await app.inject({ method: 'POST', url: `/antraege/${sourceId}/als-vorlage`, headers: as(citizen(tenant)) });
    assert.equal(refused.statusCode, 404);
    const copied = await app.inject({ method: 'POST', url: `/antraege/${sourceId}/als-vorlage`, headers: as(anna) });
    assert.equal(copied.statusCode, 303);
    const location = copied.headers.location as string;
    assert.match(location, /^\/antraege\/[^/]+\/seite\/applicant$/);
    const page = await app.inject({ method: 'GET', url: location, headers: as(anna) });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="Wärme &amp; Bohr GmbH"/);
  });
});
